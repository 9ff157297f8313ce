package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code Killing process N (x) with signal SIGKILL.}: systemd killed a unit's process while stopping it. */
final class SupervisorKillRule implements Rule {
    @Override
    public String id() {
        return "supervisor-kill";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        return incident.service(ServiceEventKind.KILLING_PROCESS).map(e -> {
            Subject subject = Subject.of(e.pid(), e.comm(), OptionalLong.empty(), Optional.empty()).withUnitIfAbsent(e.unit());
            Killer killer = Supervisors.of(e);
            String summary = subject.describe() + " was killed by " + Supervisors.describe(killer)
                    + (e.signal().isPresent() ? " with " + Signals.name(e.signal().getAsInt()) : "")
                    + e.unit().map(u -> " while stopping " + u).orElse("") + ".";
            ExitInfo exit = e.signal().isPresent() ? ExitInfo.impliedSignal(e.signal().getAsInt()) : ExitInfo.UNKNOWN;
            return new Finding(Cause.SIGNAL, killer, exit, subject, e, summary, List.of(), Optional.empty());
        });
    }
}
