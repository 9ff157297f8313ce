package dev.whokilled.agent.store;

import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.SignalSent;
import java.util.Optional;

/**
 * Which stored entries explaining one pid needs, decided on decoded entries; stateless.
 *
 * <p>A pid's deaths rest on its exits, the signals sent to it (with their senders, stored inline),
 * the kernel records about it and the gaps around it. Kernel records are always kept: an OOM
 * report is many lines and most do not name the victim, and a unit's stop timeout names no pid at
 * all. Exits of other pids are kept where they start a new boot, because the correlator restarts
 * its clock there ({@link SegmentIndex} lists them; {@link PidLines} finds them by their boot id).
 */
final class PidKeys {
    private PidKeys() {
    }

    /**
     * The pids an entry is found under: an exit's pid; a signal's target, and for a signal a thread
     * raised in itself (sender thread = target) the sender's thread group, which the correlator joins it by.
     */
    static int[] of(StoreEntry entry) {
        if (entry instanceof StoreEntry.FactEntry f) {
            if (f.fact() instanceof ProcessExit e) {
                return new int[] {e.pid()};
            }
            if (f.fact() instanceof SignalSent s) {
                return s.senderTid() == s.targetPid() && s.senderTgid().isPresent()
                        && s.senderTgid().getAsInt() != s.targetPid()
                        ? new int[] {s.targetPid(), s.senderTgid().getAsInt()} : new int[] {s.targetPid()};
            }
        }
        return new int[0];
    }

    /** Kernel records and gaps: every pid's explanation reads them. */
    static boolean always(StoreEntry entry) {
        return entry instanceof StoreEntry.KernelEntry
                || (entry instanceof StoreEntry.FactEntry f && f.fact() instanceof Gap);
    }

    /**
     * Whether a candidate line's entry goes to the explanation of {@code pid}: what {@link #of} or
     * {@link #always} selects, and any exit, since a candidate exit of another pid starts a boot.
     */
    static boolean delivered(StoreEntry entry, int pid) {
        if (always(entry) || (entry instanceof StoreEntry.FactEntry f && f.fact() instanceof ProcessExit)) {
            return true;
        }
        for (int p : of(entry)) {
            if (p == pid) {
                return true;
            }
        }
        return false;
    }

    /** The boot an exit was observed in; empty for any other entry. */
    static Optional<String> exitBoot(StoreEntry entry) {
        return entry instanceof StoreEntry.FactEntry f && f.fact() instanceof ProcessExit e
                ? Optional.of(e.bootId()) : Optional.empty();
    }
}
