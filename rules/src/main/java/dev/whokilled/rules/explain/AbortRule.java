package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** An audit ANOM_ABEND with sig=6: the process ended itself with SIGABRT (abort(), an assertion, a heap check). */
final class AbortRule implements Rule {
    private static final int SIGABRT = 6;

    @Override
    public String id() {
        return "abort";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        return incident.all(KernelFault.class)
                .filter(f -> f.kind() == FaultKind.AUDIT_ABEND && f.signal().equals(OptionalInt.of(SIGABRT)))
                .findFirst()
                .map(f -> {
                    Subject subject = Subject.of(OptionalInt.of(f.pid()), Optional.of(f.comm()), f.uid(), Optional.empty());
                    String summary = subject.describe() + " aborted itself with SIGABRT (abort(), a failed assertion or a"
                            + " C library heap-corruption check); its own stderr or core dump says which.";
                    return new Finding(Cause.ABORT, Killer.of(KillerKind.SELF, OptionalInt.of(f.pid()), Optional.of(f.comm())),
                            ExitInfo.impliedSignal(SIGABRT), subject, f, summary,
                            List.of("The audit record proves an abnormal end with SIGABRT; abort() is the usual sender,"
                                    + " but another process can send SIGABRT too, and only an agent sees senders."),
                            Optional.empty());
                });
    }
}
