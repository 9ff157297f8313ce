package dev.whokilled.rules.signal;

import java.util.List;

/**
 * A realtime signal, 32-64: no predefined meaning, queued rather than merged, default action terminate. Immutable and
 * thread-safe.
 *
 * <p>The kernel's realtime range starts at 32, but glibc's threads implementation (NPTL) keeps 32 and 33 for itself
 * (thread cancellation and POSIX timers; set*id broadcast to all threads), so glibc's {@code SIGRTMIN} is 34 and
 * {@code kill -l} names 34-64 only: {@code SIGRTMIN}, {@code SIGRTMIN+1} … {@code SIGRTMIN+15}, {@code SIGRTMAX-14}
 * … {@code SIGRTMAX-1}, {@code SIGRTMAX}. We still model 32 and 33 here rather than as a third type: the kernel
 * treats them exactly like the other realtime signals (default action terminate, catchable), and only their name and
 * meaning differ. They get gdb's names {@code SIG32} and {@code SIG33}, because a name relative to SIGRTMIN would
 * depend on the C library (musl's SIGRTMIN is 35).
 */
public record RealtimeSignal(int number) implements AnySignal {
    /** The first realtime signal the kernel knows. */
    public static final int KERNEL_MIN = 32;
    /** glibc's {@code SIGRTMIN}: the first realtime signal applications may use. */
    public static final int RTMIN = 34;
    /** {@code SIGRTMAX} on x86-64 and aarch64. */
    public static final int RTMAX = 64;

    public RealtimeSignal {
        if (number < KERNEL_MIN || number > RTMAX) {
            throw new IllegalArgumentException("realtime signal number must be 32-64: " + number);
        }
    }

    /** Whether glibc reserves it for its own threads implementation (32 and 33). */
    public boolean reservedByGlibc() {
        return number < RTMIN;
    }

    /** {@code SIGRTMIN+3}, {@code SIGRTMAX-2}, {@code SIG32}: as {@code kill -l} splits the range, halves at +15/-14. */
    @Override
    public String signalName() {
        if (reservedByGlibc()) {
            return "SIG" + number;
        }
        if (number == RTMIN) {
            return "SIGRTMIN";
        }
        if (number == RTMAX) {
            return "SIGRTMAX";
        }
        return number <= RTMIN + 15 ? "SIGRTMIN+" + (number - RTMIN) : "SIGRTMAX-" + (RTMAX - number);
    }

    @Override
    public DefaultAction defaultAction() {
        return DefaultAction.TERM;
    }

    @Override
    public boolean catchable() {
        return true;
    }

    @Override
    public String meaning() {
        if (number == KERNEL_MIN) {
            return "Reserved by glibc for thread cancellation and timers; nobody should send it to a process.";
        }
        if (number == KERNEL_MIN + 1) {
            return "Reserved by glibc to apply setuid/setgid to all threads; nobody should send it to a process.";
        }
        return "Realtime signal: its meaning is whatever the application defines; fatal if it has no handler.";
    }

    @Override
    public List<String> usualSenders() {
        if (reservedByGlibc()) {
            return List.of("glibc, to the threads of its own process");
        }
        if (number == RTMIN + 3) {
            return List.of("docker stop, for images that run systemd (STOPSIGNAL SIGRTMIN+3: systemd halts on it)",
                    "the application itself or a cooperating process");
        }
        return List.of("the application itself or a cooperating process (timers, custom IPC)");
    }
}
