package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code dmesg -x} prefix {@code "kern  :info  : "}: facility and level names that dmesg
 * decoded from the record's priority; immutable.
 *
 * <p>dmesg reads {@code /dev/kmsg}, so {@code kern} is facility 0 as the kernel reported it; we
 * trust it as {@link Origin#KERNEL} because the file can only be as honest as dmesg was when it
 * wrote it, and anything else is {@link Origin#USERSPACE}.
 *
 * @param facility util-linux facility number (index in its name table)
 * @param level syslog level 0-7
 * @param textStart index just after the prefix
 */
record DmesgDecoration(int facility, int level, int textStart) {
    // util-linux dmesg.c facility_names[] and level_names[], in numeric order.
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "res0", "res1", "res2", "res3", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7");
    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug");

    private static final Provenance UNVERIFIED = Provenance.of(Origin.UNVERIFIED);

    /**
     * Where a dmesg line's stamp starts and who wrote it.
     *
     * @param at index of the {@code [} that opens the stamp
     */
    record Start(int at, Provenance provenance) {
    }

    /**
     * The start of a (non-empty) dmesg line: after a {@code -x} prefix, or at 0 and unverified when
     * the line opens with its stamp; empty when it is neither.
     */
    static Optional<Start> start(String line) {
        if (line.charAt(0) == '[') {
            return Optional.of(new Start(0, UNVERIFIED));
        }
        return parse(line).map(d -> new Start(d.textStart(), d.provenance()));
    }

    /** The decoration at the start of {@code line}, if it has one. */
    static Optional<DmesgDecoration> parse(String line) {
        int c1 = Scan.indexOf(line, ':', 0, Math.min(line.length(), 10));
        if (c1 < 1) {
            return Optional.empty();
        }
        int c2 = Scan.indexOf(line, ':', c1 + 1, Math.min(line.length(), c1 + 10));
        if (c2 < 0 || c2 + 1 >= line.length() || line.charAt(c2 + 1) != ' ') {
            return Optional.empty();
        }
        int facility = FACILITIES.indexOf(line.substring(0, c1).stripTrailing());
        int level = LEVELS.indexOf(line.substring(c1 + 1, c2).stripTrailing());
        if (facility < 0 || level < 0) {
            return Optional.empty();
        }
        return Optional.of(new DmesgDecoration(facility, level, c2 + 2));
    }

    Provenance provenance() {
        Origin origin = facility == 0 ? Origin.KERNEL : Origin.USERSPACE;
        return new Provenance(origin, OptionalInt.of(facility), OptionalInt.of(level), Optional.empty(), OptionalInt.empty());
    }
}
