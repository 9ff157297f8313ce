package dev.whokilled.rules.live;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A fatal signal was generated, as tracefs {@code signal:signal_generate} reported it in the
 * sender's context.
 *
 * @param code the siginfo code: 0 SI_USER ({@code kill}), -6 SI_TKILL ({@code tgkill}), 128
 *     SI_KERNEL (the kernel itself, e.g. the OOM killer's SIGKILL), -1 SI_QUEUE, &gt; 0 a fault code
 * @param targetPid the target thread's pid, as the event prints it
 * @param group true when sent to the whole thread group
 * @param result the event's {@code res}: 0 delivered, 1 ignored, 2 already pending, 3 overflow, 4 lose info
 * @param senderTid the sending task (the event's common_pid), 0 for interrupt context
 * @param senderTgid the sender's thread group, when the trace recorded it ({@code record-tgid})
 * @param monotonicNanos the trace timestamp with the instance's {@code trace_clock} set to {@code mono}
 * @param sender what was known of the sending process
 */
public record SignalSent(int signal, int code, int targetPid, Optional<String> targetComm, boolean group, int result,
                         int senderTid, OptionalInt senderTgid, Optional<String> senderComm, long monotonicNanos,
                         Instant observedAt, Optional<ProcessIdentity> sender) implements Fact {
    public SignalSent {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal must be 1-64: " + signal);
        }
        if (targetPid <= 0) {
            throw new IllegalArgumentException("targetPid must be positive: " + targetPid);
        }
        if (senderTid < 0) {
            throw new IllegalArgumentException("senderTid must not be negative: " + senderTid);
        }
        Objects.requireNonNull(targetComm, "targetComm");
        Objects.requireNonNull(senderTgid, "senderTgid");
        Objects.requireNonNull(senderComm, "senderComm");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(sender, "sender");
    }

    /** The same signal, its sender named: the process that sent it, and the tgid and comm the trace should have had. */
    public SignalSent sentBy(ProcessIdentity process, OptionalInt tgid, Optional<String> comm) {
        return new SignalSent(signal, code, targetPid, targetComm, group, result, senderTid, tgid, comm, monotonicNanos,
                observedAt, Optional.of(process));
    }
}
