package dev.whokilled.rules.death;

import dev.whokilled.rules.live.ProcessExit;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How the {@link DeathCorrelator} joins facts and kernel evidence: its time windows and memory
 * bounds. Immutable; validated once, here.
 *
 * @param window how far before an exit a signal or a kernel report may lie and still explain it;
 *     signals that no death follows within it are dropped
 * @param escalationWindow how long a polite stop signal (SIGTERM, SIGINT, SIGHUP, SIGQUIT) is kept,
 *     so a SIGKILL from the same sender after a grace period can be recognised as an escalation;
 *     at least {@code window} (systemd's default stop timeout is 90 s)
 * @param settle how long an exit waits for kernel evidence that arrives after it (a kmsg reader
 *     lags the proc connector; the OOM report is complete only after its last line)
 * @param clockSkew how far a kernel log stamp may lie after the exit it belongs to: printk stamps
 *     come from the scheduler clock, exits from CLOCK_MONOTONIC, and the two differ by a few ms
 * @param maxPending the most signals, exits and kernel reports each held at once; beyond it the
 *     oldest signal or report is dropped and the oldest exit explained early, and both are counted
 * @param reportExit which normal exits with a non-zero code get a termination (exit 0 never
 *     does; shells make thousands of non-zero exits, so the agent's default is none)
 */
public record CorrelationSettings(Duration window, Duration escalationWindow, Duration settle, Duration clockSkew,
                                  int maxPending, Predicate<ProcessExit> reportExit) {
    public CorrelationSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(escalationWindow, "escalationWindow");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(reportExit, "reportExit");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (escalationWindow.compareTo(window) < 0) {
            throw new IllegalArgumentException("escalationWindow must be at least window (" + window + "): "
                    + escalationWindow);
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative: " + settle);
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive: " + maxPending);
        }
    }

    /**
     * A 10 s join window, 120 s for escalations (above systemd's 90 s default stop timeout), 2 s
     * for late kernel reports, 50 ms of clock skew, 100 000 pending items of each kind, and no
     * termination for normal exits.
     */
    public static CorrelationSettings defaults() {
        return new CorrelationSettings(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(2),
                Duration.ofMillis(50), 100_000, exit -> false);
    }

    /** The same settings, with non-zero normal exits reported for the processes {@code filter} accepts. */
    public CorrelationSettings reportingExits(Predicate<ProcessExit> filter) {
        return new CorrelationSettings(window, escalationWindow, settle, clockSkew, maxPending, filter);
    }

    /** The same settings with another bound on pending items. */
    public CorrelationSettings withMaxPending(int max) {
        return new CorrelationSettings(window, escalationWindow, settle, clockSkew, max, reportExit);
    }
}
