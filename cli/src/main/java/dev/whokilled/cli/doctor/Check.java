package dev.whokilled.cli.doctor;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code whokilled doctor}: a source or prerequisite, whether it is usable, why, and
 * how to fix it when it is not. Immutable.
 *
 * @param what the thing checked ({@code kernel log (/dev/kmsg)})
 * @param detail what was found, with the value ({@code kernel.dmesg_restrict=1, readable as root})
 * @param fix what to do when it is not OK
 */
public record Check(String what, Status status, String detail, Optional<String> fix) {
    /** How usable the thing is. */
    public enum Status {
        OK, DEGRADED, MISSING;
    }

    public Check {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }

    static Check ok(String what, String detail) {
        return new Check(what, Status.OK, detail, Optional.empty());
    }

    static Check missing(String what, String detail, String fix) {
        return new Check(what, Status.MISSING, detail, Optional.of(fix));
    }

    static Check degraded(String what, String detail, String fix) {
        return new Check(what, Status.DEGRADED, detail, Optional.of(fix));
    }
}
