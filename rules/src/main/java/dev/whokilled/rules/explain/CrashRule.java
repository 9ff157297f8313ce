package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A kernel fault line (segfault, general protection, trap, unexpected fatal signal, or an audit
 * ANOM_ABEND for a fault signal): the kernel signalled the process for its own bad access.
 */
final class CrashRule implements Rule {
    /** SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGSYS: signals the kernel sends for a fault. */
    private static final Set<Integer> FAULT_SIGNALS = Set.of(4, 5, 7, 8, 11, 31);

    @Override
    public String id() {
        return "kernel-fault";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        Optional<KernelFault> fault = incident.all(KernelFault.class).filter(f -> f.kind() != FaultKind.AUDIT_ABEND).findFirst()
                .or(() -> incident.all(KernelFault.class)
                        .filter(f -> f.signal().isPresent() && FAULT_SIGNALS.contains(f.signal().getAsInt())).findFirst());
        return fault.map(f -> finding(incident, f));
    }

    private static Finding finding(Incident incident, KernelFault f) {
        OptionalInt signal = f.signal().isPresent() ? f.signal()
                : incident.all(KernelFault.class).map(KernelFault::signal).filter(OptionalInt::isPresent).findFirst()
                        .orElse(OptionalInt.empty());
        Subject subject = Subject.of(OptionalInt.of(f.pid()), Optional.of(f.comm()), f.uid(), Optional.empty());
        StringBuilder s = new StringBuilder(subject.describe()).append(" crashed: ").append(f.description());
        if (!f.location().isEmpty()) {
            s.append(' ').append(f.location());
        }
        signal.ifPresent(n -> s.append("; the kernel sent it ").append(Signals.name(n)));
        s.append('.');
        ExitInfo exit = signal.isPresent() ? ExitInfo.impliedSignal(signal.getAsInt()) : ExitInfo.UNKNOWN;
        List<String> notes = f.kind() == FaultKind.UNEXPECTED_FATAL_SIGNAL
                ? List.of("The kernel reports the fatal signal but not its sender; a fault is the usual reason.")
                : List.of();
        return new Finding(Cause.CRASH, Killer.KERNEL, exit, subject, f, s.toString(), notes, Optional.empty());
    }
}
