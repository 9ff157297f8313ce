package dev.whokilled.rules.live;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A process (thread group leader) exited, as the netlink proc connector reported it.
 *
 * @param waitStatus the exit code in wait(2) form: low 7 bits the terminating signal, 0x80 core
 *     dumped, bits 8-15 the exit code
 * @param monotonicNanos the kernel's CLOCK_MONOTONIC stamp of the event ({@code proc_event.timestamp_ns})
 * @param bootId the boot the stamp belongs to
 * @param identity what was known of the process, when it was seen running
 * @param orphans children still running when it died by a signal, reparented to init or a subreaper
 */
public record ProcessExit(int pid, int waitStatus, long monotonicNanos, Instant observedAt, String bootId,
                          OptionalInt parentPid, Optional<ProcessIdentity> identity, List<ProcessIdentity> orphans)
        implements Fact {
    public ProcessExit {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        if (waitStatus < 0 || waitStatus > 0xffff) {
            throw new IllegalArgumentException("waitStatus must be a 16-bit wait status: " + waitStatus);
        }
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(parentPid, "parentPid");
        Objects.requireNonNull(identity, "identity");
        orphans = List.copyOf(orphans);
    }

    /** The terminating signal, when it died by one. */
    public OptionalInt signal() {
        int sig = waitStatus & 0x7f;
        return sig != 0 && sig != 0x7f ? OptionalInt.of(sig) : OptionalInt.empty();
    }

    /** The exit code, when it exited normally. */
    public OptionalInt exitCode() {
        return (waitStatus & 0x7f) == 0 ? OptionalInt.of((waitStatus >> 8) & 0xff) : OptionalInt.empty();
    }

    public boolean coreDumped() {
        return signal().isPresent() && (waitStatus & 0x80) != 0;
    }

    /** The start time of the process that exited, to tell it from a later process with the same pid. */
    public OptionalLong startTime() {
        return identity.map(ProcessIdentity::startTime).orElse(OptionalLong.empty());
    }
}
