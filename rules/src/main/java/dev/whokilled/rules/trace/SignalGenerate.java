package dev.whokilled.rules.trace;

import dev.whokilled.rules.live.SignalSent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code signal:signal_generate} event as {@code trace_pipe} prints it, field by field. Immutable.
 *
 * <p>The kernel records the event in the sender's context: the task columns name whoever was running when the
 * signal was generated (for a fault or a timer that is the target itself, an unrelated task or {@code <idle>}
 * interrupted by it), the body names the target thread.
 *
 * @param senderComm the task column's name, verbatim; {@code <...>} when the tracer's saved-cmdlines cache had no
 *     name for the tid, {@code <idle>} for pid 0
 * @param senderTid the task column's pid: the sending thread, 0 in interrupt context on an idle CPU
 * @param senderTgid the sender's thread group from {@code options/record-tgid}; empty when the line shows
 *     {@code (-------)} (tgid unknown or 0)
 * @param flags the irqs-off/need-resched/hardirq/preempt-depth column, e.g. {@code d..1.}
 * @param timestampNanos the trace timestamp in nanoseconds; its clock is the instance's {@code trace_clock}
 *     ({@code mono}: CLOCK_MONOTONIC). The text has microsecond resolution, so the last three digits are 0.
 * @param code the siginfo {@code si_code}: 0 SI_USER, -6 SI_TKILL, -2 SI_TIMER, -1 SI_QUEUE, 128 SI_KERNEL,
 *     positive for a fault (SEGV_MAPERR 1 …)
 * @param group true when the signal went to the whole thread group ({@code grp=1})
 * @param result {@code res}: 0 delivered, 1 ignored, 2 already pending, 3 overflow (RT queue full), 4 lose info
 */
public record SignalGenerate(String senderComm, int senderTid, OptionalInt senderTgid, int cpu, String flags,
                             long timestampNanos, int signal, int errno, int code, String targetComm, int targetPid,
                             boolean group, int result) {
    /** The name the trace prints for a sender whose tid is not in its saved-cmdlines cache. */
    public static final String UNKNOWN_COMM = "<...>";

    public SignalGenerate {
        Objects.requireNonNull(senderComm, "senderComm");
        Objects.requireNonNull(senderTgid, "senderTgid");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(targetComm, "targetComm");
        if (senderTid < 0) {
            throw new IllegalArgumentException("senderTid must not be negative: " + senderTid);
        }
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must not be negative: " + cpu);
        }
        if (timestampNanos < 0) {
            throw new IllegalArgumentException("timestampNanos must not be negative: " + timestampNanos);
        }
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal must be 1-64: " + signal);
        }
        if (targetPid <= 0) {
            throw new IllegalArgumentException("targetPid must be positive: " + targetPid);
        }
    }

    /**
     * This event as the fact the agent stores. The sender's identity is left empty: the event carries only its
     * tid, tgid and comm; the agent adds what its process table knows.
     *
     * @param observedAt the agent's wall clock when it read the line
     */
    public SignalSent toSignalSent(Instant observedAt) {
        Optional<String> comm = senderComm.equals(UNKNOWN_COMM) ? Optional.empty() : Optional.of(senderComm);
        return new SignalSent(signal, code, targetPid, Optional.of(targetComm), group, result, senderTid, senderTgid,
                comm, timestampNanos, observedAt, Optional.empty());
    }
}
