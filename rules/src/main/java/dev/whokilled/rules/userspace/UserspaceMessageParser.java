package dev.whokilled.rules.userspace;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.UserspaceKill;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.OptionalInt;
import java.util.regex.Matcher;

/**
 * Reads a line written by a supervisor or a userspace OOM killer (systemd, systemd-oomd, earlyoom, …) into a
 * {@link ServiceEvent} or a {@link UserspaceKill}, by the first matching row of a {@link PatternTable}. Thread-safe;
 * its only state is a cache of which rows apply to which writer identifier.
 *
 * <p>A record of {@link Origin#KERNEL kernel} origin is never read here: the kernel does not write systemd's or
 * earlyoom's messages, so such a text in a kernel record is a coincidence or a forgery. A line that matches a row but
 * carries a value that does not parse (a pid beyond {@code int}, an unknown signal name) is treated as no match for
 * that row, so a broken line never becomes evidence with an invented value.
 */
public final class UserspaceMessageParser {
    private static final int MAX_CACHED_IDENTIFIERS = 1024;

    private final PatternTable table;
    private final Map<String, List<UserspacePattern>> rowsByIdentifier = new ConcurrentHashMap<>();

    public UserspaceMessageParser(PatternTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** A parser with the table shipped with whokilled. */
    public static UserspaceMessageParser withDefaultPatterns() {
        return new UserspaceMessageParser(PatternTable.defaults());
    }

    /** The evidence the record carries, or empty when no row matches. */
    public Optional<Evidence> parse(KernelRecord record) {
        if (record.origin() == Origin.KERNEL) {
            return Optional.empty();
        }
        WriterTag tag = WriterTag.of(record);
        if (tag.identifier().isEmpty()) {
            return Optional.empty();
        }
        for (UserspacePattern pattern : rowsFor(tag.identifier().get())) {
            Matcher m = pattern.message().matcher(tag.body());
            if (!m.matches()) {
                continue;
            }
            Optional<Evidence> evidence = build(pattern, values(pattern, m, tag), tag, record);
            if (evidence.isPresent()) {
                return evidence;
            }
        }
        return Optional.empty();
    }

    /**
     * The rows whose identifier pattern matches {@code identifier}, in table order. A log has few
     * distinct identifiers and every record of a rendering without the facility comes here, so
     * the answer is kept per identifier (up to {@value #MAX_CACHED_IDENTIFIERS} of them).
     */
    private List<UserspacePattern> rowsFor(String identifier) {
        List<UserspacePattern> rows = rowsByIdentifier.get(identifier);
        if (rows == null) {
            rows = table.patterns().stream().filter(p -> p.identifier().matcher(identifier).matches()).toList();
            if (rowsByIdentifier.size() < MAX_CACHED_IDENTIFIERS) {
                rowsByIdentifier.put(identifier, rows);
            }
        }
        return rows;
    }

    private static Map<Field, String> values(UserspacePattern pattern, Matcher m, WriterTag tag) {
        Map<Field, String> values = new EnumMap<>(Field.class);
        pattern.fixed().forEach((field, value) -> {
            if (!value.equals(Field.WRITER)) {
                values.put(field, value);
            } else if (field == Field.UNIT) {
                tag.identifier().ifPresent(identifier -> values.put(field, identifier));
            } else if (field == Field.PID && tag.pid().isPresent()) {
                values.put(field, Integer.toString(tag.pid().getAsInt()));
            }
        });
        for (Field field : pattern.groups()) {
            String value = m.group(field.key());
            if (value != null) {
                values.put(field, value);
            }
        }
        return values;
    }

    private static Optional<Evidence> build(UserspacePattern pattern, Map<Field, String> values, WriterTag tag,
                                            KernelRecord record) {
        Optional<OptionalInt> pid = number(values.get(Field.PID), UserspaceMessageParser::pid);
        Optional<OptionalInt> signal = number(values.get(Field.SIGNAL), SignalNames::parse);
        Optional<OptionalInt> senderPid = number(values.get(Field.SENDER_PID), UserspaceMessageParser::pid);
        if (pid.isEmpty() || signal.isEmpty() || senderPid.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> comm = Optional.ofNullable(values.get(Field.COMM));
        if (pattern.serviceEvent().isPresent()) {
            return Optional.of(new ServiceEvent(pattern.serviceEvent().get(), Optional.ofNullable(values.get(Field.UNIT)),
                    pid.get(), comm, signal.get(), Optional.ofNullable(values.get(Field.RESULT)), senderPid.get(),
                    Optional.ofNullable(values.get(Field.SENDER_COMM)), pattern.id(), List.of(record)));
        }
        String killer = values.get(Field.KILLER);
        OptionalInt killerPid = tag.identifier().filter(killer::equals).isPresent() ? tag.pid() : OptionalInt.empty();
        return Optional.of(new UserspaceKill(killer, killerPid, pid.get(), comm, signal.get(),
                Optional.ofNullable(values.get(Field.CGROUP)), values.getOrDefault(Field.REASON, tag.body()),
                pattern.id(), List.of(record)));
    }

    /** Empty when the text is there but is not a valid number; an empty OptionalInt when there is no text. */
    private static Optional<OptionalInt> number(String text, java.util.function.Function<String, OptionalInt> parser) {
        if (text == null) {
            return Optional.of(OptionalInt.empty());
        }
        OptionalInt value = parser.apply(text);
        return value.isPresent() ? Optional.of(value) : Optional.empty();
    }

    private static OptionalInt pid(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        long value = Long.parseLong(text);
        return value > 0 && value <= Integer.MAX_VALUE ? OptionalInt.of((int) value) : OptionalInt.empty();
    }
}
