package dev.whokilled.rules.trace;

import dev.whokilled.rules.signal.RealtimeSignal;
import dev.whokilled.rules.signal.Signal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The kernel-side filter for {@code events/signal/signal_generate/filter}: which signals the trace records. Immutable
 * and thread-safe.
 *
 * <p>The default, {@link #FATAL_BY_DEFAULT}, is every signal whose default action ends the process: the standard
 * signals with action TERM or CORE (1-16, 24-27, 29-31; so not SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN,
 * SIGTTOU, SIGURG, SIGWINCH) and the realtime signals 34-64. Realtime signals are in because their default action is
 * terminate: a process without a handler that dies of, say, {@code SIGRTMIN+3} (docker stop for systemd images)
 * would otherwise have no sender. 32 and 33 are out: glibc keeps them for its own threads, always handles them, and
 * sends 33 to every thread on each set*id call. The cost of a wide filter is volume: a profiler's SIGPROF, an
 * itimer's SIGALRM or an application's realtime timer signals are recorded although they are handled; each event
 * is about 50 bytes in the ring buffer, and an overrun is reported as a gap, never silently.
 */
public final class SignalGenerateFilter {
    /** Every signal (x86-64/aarch64 numbering) whose default action ends the process, except glibc's 32 and 33. */
    public static final SortedSet<Integer> FATAL_BY_DEFAULT = fatalByDefault();

    private SignalGenerateFilter() {
    }

    private static SortedSet<Integer> fatalByDefault() {
        TreeSet<Integer> signals = new TreeSet<>();
        for (Signal s : Signal.values()) {
            if (s.defaultAction().ends()) {
                signals.add(s.number());
            }
        }
        for (int n = RealtimeSignal.RTMIN; n <= RealtimeSignal.RTMAX; n++) {
            signals.add(n);
        }
        return Collections.unmodifiableSortedSet(signals);
    }

    /**
     * The filter expression for a set of signal numbers, as contiguous ranges joined by {@code ||}:
     * {@code (sig >= 1 && sig <= 16) || sig == 29}. The kernel echoes an accepted expression verbatim when the
     * {@code filter} file is read back.
     *
     * @throws IllegalArgumentException when the set is empty or holds a number outside 1-64
     */
    public static String expression(Set<Integer> signals) {
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("signal filter needs at least one signal");
        }
        SortedSet<Integer> sorted = new TreeSet<>(signals);
        if (sorted.first() < 1 || sorted.last() > 64) {
            throw new IllegalArgumentException("signal numbers must be 1-64: " + sorted);
        }
        List<String> terms = new ArrayList<>();
        int start = -1;
        int previous = -1;
        for (int n : sorted) {
            if (n != previous + 1) {
                if (start > 0) {
                    terms.add(range(start, previous));
                }
                start = n;
            }
            previous = n;
        }
        terms.add(range(start, previous));
        return String.join(" || ", terms);
    }

    private static String range(int from, int to) {
        return from == to ? "sig == " + from : "(sig >= " + from + " && sig <= " + to + ")";
    }
}
