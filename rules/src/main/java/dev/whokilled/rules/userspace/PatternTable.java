package dev.whokilled.rules.userspace;

import dev.whokilled.rules.evidence.ServiceEventKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The ordered list of userspace-message patterns, read from a tab-separated table and validated once, at load. Immutable
 * and thread-safe.
 *
 * <p>Keeping patterns as data means a new killer or a reworded systemd message is a new row, not new code. Each row has
 * five tab-separated columns:
 * <ol>
 *   <li>{@code id}: unique, stable; evidence cites it;</li>
 *   <li>{@code identifier}: a regex the writer's syslog identifier must match in full;</li>
 *   <li>{@code message}: a regex the message must match in full, with named groups from {@link Field}
 *       ({@code pid comm signal unit result senderPid senderComm cgroup reason killer});</li>
 *   <li>{@code evidence}: {@code service:KIND} (a {@link ServiceEventKind}) or {@code userspace-kill};</li>
 *   <li>{@code fixed}: comma-separated {@code field=value} constants, possibly empty; {@code unit=@writer} and
 *       {@code pid=@writer} take the writer's identifier and pid.</li>
 * </ol>
 * Blank lines and lines starting with {@code #} are comments. Rows are tried in order; the first match wins, so the
 * most specific row comes first.
 *
 * <p>Load-time checks, each failing with an {@link IllegalStateException} that names the source, line and pattern id: the
 * column count, a duplicate or blank id, a regex that does not compile, a group or fixed field that is unknown or that
 * the evidence kind has no place for, a field given both ways, an unknown evidence kind, a fixed signal that is not a
 * signal, and a kill without a {@code killer}.
 */
public final class PatternTable {
    /** The table shipped with whokilled. */
    public static final String DEFAULT_RESOURCE = "/dev/whokilled/rules/userspace/patterns.tsv";

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final String SERVICE_PREFIX = "service:";
    private static final String KILL = "userspace-kill";

    private final List<UserspacePattern> patterns;

    private PatternTable(List<UserspacePattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The table shipped with whokilled ({@value #DEFAULT_RESOURCE}). */
    public static PatternTable defaults() {
        try (InputStream in = PatternTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("pattern table " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pattern table " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * A table from its text.
     *
     * @param source names the text in error messages (a resource or file name)
     * @throws IllegalStateException when a row is invalid; the message names the source, line and pattern id
     */
    public static PatternTable parse(String text, String source) {
        List<UserspacePattern> rows = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            UserspacePattern row = row(line, i + 1, source);
            if (!ids.add(row.id())) {
                throw new IllegalStateException(where(source, i + 1, row.id()) + "duplicate pattern id");
            }
            rows.add(row);
        }
        return new PatternTable(rows);
    }

    /** The patterns in the order they are tried. */
    List<UserspacePattern> patterns() {
        return patterns;
    }

    /** The ids of the patterns, in order. */
    public List<String> ids() {
        return patterns.stream().map(UserspacePattern::id).toList();
    }

    private static UserspacePattern row(String line, int number, String source) {
        String[] columns = line.split("\t", -1);
        String id = columns[0].strip();
        if (columns.length != 5) {
            throw new IllegalStateException(where(source, number, id) + "expected 5 tab-separated columns"
                    + " (id, identifier, message, evidence, fixed), got " + columns.length);
        }
        if (id.isEmpty()) {
            throw new IllegalStateException(where(source, number, id) + "pattern id is empty");
        }
        Pattern identifier = compile(columns[1], "identifier", source, number, id);
        Pattern message = compile(columns[2], "message", source, number, id);
        String evidence = columns[3].strip();
        Optional<ServiceEventKind> serviceEvent = serviceEvent(evidence, source, number, id);
        boolean kill = serviceEvent.isEmpty();

        Set<Field> groups = EnumSet.noneOf(Field.class);
        Matcher groupNames = GROUP_NAME.matcher(columns[2]);
        while (groupNames.find()) {
            groups.add(field(groupNames.group(1), kill, "group", source, number, id));
        }
        Map<Field, String> fixed = new EnumMap<>(Field.class);
        for (String pair : columns[4].strip().isEmpty() ? new String[0] : columns[4].strip().split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalStateException(where(source, number, id) + "fixed field '" + pair.strip()
                        + "' is not field=value");
            }
            Field field = field(pair.substring(0, equals).strip(), kill, "fixed field", source, number, id);
            String value = pair.substring(equals + 1).strip();
            if (groups.contains(field)) {
                throw new IllegalStateException(where(source, number, id) + "field '" + field.key()
                        + "' is both a group and a fixed value");
            }
            checkFixed(field, value, source, number, id);
            fixed.put(field, value);
        }
        if (kill && !groups.contains(Field.KILLER) && !fixed.containsKey(Field.KILLER)) {
            throw new IllegalStateException(where(source, number, id) + "a userspace-kill pattern needs a killer"
                    + " (fixed killer=NAME)");
        }
        return new UserspacePattern(id, number, identifier, message, serviceEvent, groups, fixed);
    }

    private static Pattern compile(String regex, String column, String source, int number, String id) {
        if (regex.isBlank()) {
            throw new IllegalStateException(where(source, number, id) + column + " regex is empty");
        }
        try {
            return Pattern.compile(regex, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException(where(source, number, id) + column + " regex does not compile: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    private static Optional<ServiceEventKind> serviceEvent(String evidence, String source, int number, String id) {
        if (evidence.equals(KILL)) {
            return Optional.empty();
        }
        if (evidence.startsWith(SERVICE_PREFIX)) {
            String kind = evidence.substring(SERVICE_PREFIX.length());
            for (ServiceEventKind candidate : ServiceEventKind.values()) {
                if (candidate.name().equals(kind)) {
                    return Optional.of(candidate);
                }
            }
        }
        throw new IllegalStateException(where(source, number, id) + "unknown evidence kind '" + evidence
                + "' (expected " + KILL + " or " + SERVICE_PREFIX + "one of " + List.of(ServiceEventKind.values()) + ")");
    }

    private static Field field(String key, boolean kill, String what, String source, int number, String id) {
        Field field = Field.fromKey(key).orElseThrow(() -> new IllegalStateException(where(source, number, id)
                + "unknown " + what + " '" + key + "' (known: " + keys() + ")"));
        if (!field.fits(kill)) {
            throw new IllegalStateException(where(source, number, id) + what + " '" + key + "' has no place in "
                    + (kill ? "a userspace-kill" : "a service event"));
        }
        return field;
    }

    private static void checkFixed(Field field, String value, String source, int number, String id) {
        boolean valid = switch (field) {
            case SIGNAL -> SignalNames.parse(value).isPresent();
            case PID -> value.equals(Field.WRITER);
            case UNIT, RESULT, COMM, KILLER, REASON, CGROUP, SENDER_COMM -> !value.isEmpty();
            case SENDER_PID -> false;
        };
        if (!valid) {
            throw new IllegalStateException(where(source, number, id) + "fixed " + field.key() + "='" + value
                    + "' is not allowed" + (field == Field.PID ? " (only pid=" + Field.WRITER + ")" : ""));
        }
    }

    private static List<String> keys() {
        return java.util.Arrays.stream(Field.values()).map(Field::key).toList();
    }

    private static String where(String source, int line, String id) {
        return source + " line " + line + (id.isEmpty() ? "" : " (pattern " + id + ")") + ": ";
    }
}
