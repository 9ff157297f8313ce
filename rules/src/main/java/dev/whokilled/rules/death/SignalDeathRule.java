package dev.whokilled.rules.death;

import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Died by signal N, and the trace names who generated N for it: another process (the usual
 * {@code kill}), the kernel without a process asking (SI_KERNEL), or the process itself (SIGPIPE
 * on a broken pipe, a re-raised signal). A process-group or broadcast kill is traced as one event
 * per target, so each victim finds its own.
 */
final class SignalDeathRule implements DeathRule {
    private static final int SIGPIPE = 13;

    @Override
    public String id() {
        return "live-signal";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        if (death.deathSignal().isEmpty()) {
            return Optional.empty();
        }
        int signal = death.deathSignal().getAsInt();
        Optional<SignalSent> other = death.lastFromOthers(signal);
        if (other.isPresent()) {
            return Optional.of(other.get().code() == SiCodes.SI_KERNEL ? byKernel(death, other.get())
                    : byProcess(death, other.get()));
        }
        return death.signals(signal).reduce((a, b) -> b).map(s -> bySelf(death, s));
    }

    private static Verdict byProcess(DeathCase death, SignalSent s) {
        String summary = death.subject().describe() + " was killed by " + SiCodes.how(s.signal(), s.code()) + " ("
                + Signals.name(s.signal()) + ") from " + Words.sender(s) + ".";
        Killer killer = new Killer(KillerKind.PROCESS, DeathCase.senderPid(s), Words.senderName(s),
                s.sender().flatMap(ProcessIdentity::cmdline).filter(c -> !c.isBlank()));
        return new Verdict(Cause.SIGNAL, killer, summary, List.of(), Optional.empty(), List.of(s), List.of());
    }

    private static Verdict byKernel(DeathCase death, SignalSent s) {
        String summary = death.subject().describe() + " was killed by the kernel with " + Signals.name(s.signal())
                + " (si_code SI_KERNEL: no process asked for it; resource limits such as RLIMIT_CPU do this).";
        return new Verdict(Cause.SIGNAL, Killer.KERNEL, summary, List.of(), Optional.empty(), List.of(s), List.of());
    }

    private static Verdict bySelf(DeathCase death, SignalSent s) {
        String subject = death.subject().describe();
        String summary = s.signal() == SIGPIPE
                ? subject + " died of SIGPIPE: it wrote to a pipe or socket whose reader had gone, and the kernel"
                        + " signalled it in its own context (a consumer exited first, e.g. `| head`)."
                : subject + " raised " + Signals.name(s.signal()) + " itself (" + SiCodes.how(s.signal(), s.code())
                        + " from its own thread).";
        Killer self = Killer.of(KillerKind.SELF, OptionalInt.of(death.pid()), death.subject().comm());
        return new Verdict(Cause.SIGNAL, self, summary, List.of(), Optional.empty(), List.of(s), List.of());
    }
}
