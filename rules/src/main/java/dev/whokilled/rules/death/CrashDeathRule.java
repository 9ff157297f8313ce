package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Died by a fault signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS) that the kernel raised
 * for the process's own fault: the trace shows it generated in one of the process's threads with a
 * fault si_code, or the kernel logged the fault (segfault, trap, general protection line).
 */
final class CrashDeathRule implements DeathRule {
    /** SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGSYS. */
    private static final Set<Integer> FAULT_SIGNALS = Set.of(4, 5, 7, 8, 11, 31);

    @Override
    public String id() {
        return "live-crash";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        int signal = death.deathSignal().orElse(0);
        if (!FAULT_SIGNALS.contains(signal)) {
            return Optional.empty();
        }
        Optional<SignalSent> fault = death.signals(signal).filter(s -> SiCodes.isFault(s.code()) && death.isSelf(s))
                .reduce((a, b) -> b);
        Optional<KernelFault> line = death.evidence(KernelFault.class)
                .filter(f -> f.kind() != FaultKind.AUDIT_ABEND || f.signal().orElse(0) == signal).findFirst();
        if (fault.isEmpty() && line.isEmpty()) {
            return Optional.empty();
        }
        String summary = line.flatMap(LogView::summary).orElseGet(() -> death.subject().describe()
                + " crashed: the kernel sent it " + Signals.name(signal) + " for a fault ("
                + SiCodes.fault(signal, fault.get().code()) + ").");
        if (death.exit().coreDumped()) {
            summary += " A core was dumped (coredumpctl list " + death.pid() + ").";
        }
        List<Fact> facts = fault.<List<Fact>>map(List::of).orElse(List.of());
        return Optional.of(new Verdict(Cause.CRASH, Killer.KERNEL, summary, List.of(), Optional.empty(), facts,
                line.<List<Evidence>>map(List::of).orElse(List.of())));
    }
}
