package dev.whokilled.cli.doctor;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code whokilled doctor}: a source or prerequisite, whether it is usable, why, and
 * how to fix it when it is not. Immutable.
 *
 * @param name a stable identifier for scripts, lower-case snake_case ({@code kmsg}, {@code proc_connector},
 *     {@code store_health}); unlike {@code what}, it names no path and never changes with the machine
 * @param what the thing checked, for a person ({@code kernel log (/dev/kmsg)})
 * @param detail what was found, with the value ({@code kernel.dmesg_restrict=1, readable as root})
 * @param fix what to do when it is not OK
 */
public record Check(String name, String what, Status status, String detail, Optional<String> fix) {
    /** How usable the thing is. */
    public enum Status {
        /** Works as the agent needs it. */
        OK,
        /** Works, with less: more loss in a burst, fewer details, or a store that needs care. */
        DEGRADED,
        /** Does not work here; the fix says what would make it. */
        MISSING;

        /** {@code ok}, {@code degraded} or {@code missing}: the word the text and JSON outputs print. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("check name must be lower-case snake_case: " + name);
        }
    }

    static Check ok(String name, String what, String detail) {
        return new Check(name, what, Status.OK, detail, Optional.empty());
    }

    static Check missing(String name, String what, String detail, String fix) {
        return new Check(name, what, Status.MISSING, detail, Optional.of(fix));
    }

    static Check degraded(String name, String what, String detail, String fix) {
        return new Check(name, what, Status.DEGRADED, detail, Optional.of(fix));
    }
}
