package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.SignalSent;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Died by SIGABRT that it raised itself: {@code abort()} sends it with tgkill (SI_TKILL) to its own
 * thread, so the traced sender is the victim. An audit ANOM_ABEND with sig=6 counts when no other
 * process is traced sending SIGABRT.
 */
final class AbortDeathRule implements DeathRule {
    private static final int SIGABRT = 6;

    @Override
    public String id() {
        return "live-abort";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        if (death.deathSignal().orElse(0) != SIGABRT || death.lastFromOthers(SIGABRT).isPresent()) {
            return Optional.empty();
        }
        Optional<SignalSent> raised = death.signals(SIGABRT).filter(death::isSelf).reduce((a, b) -> b);
        Optional<KernelFault> audit = death.evidence(KernelFault.class)
                .filter(f -> f.kind() == FaultKind.AUDIT_ABEND && f.signal().orElse(0) == SIGABRT).findFirst();
        if (raised.isEmpty() && audit.isEmpty()) {
            return Optional.empty();
        }
        String summary = death.subject().describe() + " aborted itself with SIGABRT (abort(), a failed assertion or a"
                + " C library heap-corruption check); its stderr or core dump says which."
                + (death.exit().coreDumped() ? " A core was dumped (coredumpctl list " + death.pid() + ")." : "");
        Killer self = Killer.of(KillerKind.SELF, OptionalInt.of(death.pid()), death.subject().comm());
        List<Fact> facts = raised.<List<Fact>>map(List::of).orElse(List.of());
        return Optional.of(new Verdict(Cause.ABORT, self, summary, List.of(), Optional.empty(), facts,
                audit.<List<Evidence>>map(List::of).orElse(List.of())));
    }
}
