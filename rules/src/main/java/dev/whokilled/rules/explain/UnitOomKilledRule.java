package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * systemd says the kernel OOM killer killed a process of the unit ({@code A process of this unit has
 * been killed by the OOM killer.} or {@code Failed with result 'oom-kill'}) and this log has no
 * kernel report for it (rate-limited away, or kernel lines not collected).
 */
final class UnitOomKilledRule implements Rule {
    private static final int SIGKILL = 9;

    @Override
    public String id() {
        return "unit-oom-killed";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        return incident.service(ServiceEventKind.UNIT_OOM_KILLED)
                .or(() -> incident.service(ServiceEventKind.FAILED_RESULT).filter(e -> e.result().equals(Optional.of("oom-kill"))))
                .map(e -> {
                    Subject subject = Subject.of(OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty())
                            .withUnitIfAbsent(e.unit());
                    String summary = "A process of " + e.unit().orElse("a unit") + " was killed by the kernel OOM killer,"
                            + " as systemd reports; the kernel's own report is not in this log, so the victim and the"
                            + " limit are unknown.";
                    return new Finding(Cause.OOM_KILL, Killer.KERNEL, ExitInfo.impliedSignal(SIGKILL), subject, e, summary,
                            List.of("systemd learns of OOM kills from the cgroup's oom_kill counter; look for the kernel's"
                                    + " 'Killed process' line in the kernel log (journalctl -k) of that boot."),
                            Optional.empty());
                });
    }
}
