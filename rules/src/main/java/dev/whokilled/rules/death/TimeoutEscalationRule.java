package dev.whokilled.rules.death;

import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Died by SIGKILL from a process that had asked it to stop politely (SIGTERM, SIGINT, SIGHUP or
 * SIGQUIT) and then waited: a supervisor's, a container runtime's or a script's stop timeout. The
 * grace period is measured between the two traced signals.
 */
final class TimeoutEscalationRule implements DeathRule {
    private static final int SIGKILL = 9;
    /** SIGHUP, SIGINT, SIGQUIT, SIGTERM: the signals that ask a process to stop and that it may handle. */
    static final Set<Integer> POLITE = Set.of(1, 2, 3, 15);
    /** The signal_generate {@code res} for a signal the target ignores (its disposition is SIG_IGN). */
    private static final int RESULT_IGNORED = 1;

    @Override
    public String id() {
        return "live-timeout-escalation";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        if (death.deathSignal().orElse(0) != SIGKILL) {
            return Optional.empty();
        }
        Optional<SignalSent> kill = death.lastFromOthers(SIGKILL).filter(s -> s.code() != SiCodes.SI_KERNEL);
        if (kill.isEmpty()) {
            return Optional.empty();
        }
        SignalSent k = kill.get();
        return death.signals().stream()
                .filter(s -> POLITE.contains(s.signal()) && !death.isSelf(s) && s.monotonicNanos() <= k.monotonicNanos()
                        && DeathCase.senderPid(s).equals(DeathCase.senderPid(k)))
                .findFirst()
                .map(polite -> verdict(death, polite, k));
    }

    private static Verdict verdict(DeathCase death, SignalSent polite, SignalSent kill) {
        long grace = kill.monotonicNanos() - polite.monotonicNanos();
        String acted = polite.result() == RESULT_IGNORED ? "it ignored (its disposition was SIG_IGN)" : "it did not act on";
        String sender = Words.sender(kill);
        String name = Words.senderName(kill).orElse("the sender");
        String summary = death.subject().describe() + " was killed by SIGKILL from " + sender + ", "
                + Words.seconds(grace) + " after a " + Signals.name(polite.signal()) + " " + acted + ": " + name
                + " stopped waiting for it to exit. Find why it does not stop on " + Signals.name(polite.signal())
                + ", or give it a longer grace period.";
        boolean supervisor = DeathCase.senderPid(kill).orElse(0) == 1;
        Killer killer = new Killer(supervisor ? KillerKind.SUPERVISOR : KillerKind.PROCESS, DeathCase.senderPid(kill),
                Words.senderName(kill), kill.sender().flatMap(ProcessIdentity::cmdline));
        return new Verdict(Cause.TIMEOUT_ESCALATION, killer, summary, List.of(), Optional.empty(),
                List.of(polite, kill), List.of());
    }
}
