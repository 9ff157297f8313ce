package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * systemd's stop timed out ({@code State 'stop-sigterm' timed out. Killing.}) and it then killed the
 * process: SIGTERM, a grace period ({@code TimeoutStopSec=}), then SIGKILL.
 */
final class StopTimeoutRule implements Rule {
    private static final int SIGKILL = 9;

    @Override
    public String id() {
        return "stop-timeout-escalation";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        Optional<ServiceEvent> timeout = incident.service(ServiceEventKind.STOP_TIMEOUT);
        if (timeout.isEmpty()) {
            return Optional.empty();
        }
        ServiceEvent t = timeout.get();
        Optional<ServiceEvent> killing = incident.service(ServiceEventKind.KILLING_PROCESS);
        OptionalInt signal = killing.map(ServiceEvent::signal)
                .or(() -> incident.service(ServiceEventKind.MAIN_PROCESS_KILLED).map(ServiceEvent::signal))
                .orElse(OptionalInt.of(SIGKILL));
        Subject subject = Subject.of(killing.map(ServiceEvent::pid).orElse(OptionalInt.empty()),
                killing.flatMap(ServiceEvent::comm), OptionalLong.empty(), Optional.empty()).withUnitIfAbsent(t.unit());
        Killer killer = Supervisors.of(t);
        String what = subject.pid().isPresent() ? subject.describe() + " of " + t.unit().orElse("its unit")
                : t.unit().orElse("the unit") + "'s processes";
        String summary = what + " did not stop within the unit's stop timeout (state '"
                + t.result().orElse("stop-sigterm") + "' timed out), so " + Supervisors.describe(killer) + " killed it with "
                + (signal.isPresent() ? Signals.name(signal.getAsInt()) : "SIGKILL")
                + "; raise TimeoutStopSec= or find why it ignores SIGTERM.";
        ExitInfo exit = signal.isPresent() ? ExitInfo.impliedSignal(signal.getAsInt()) : ExitInfo.UNKNOWN;
        return Optional.of(new Finding(Cause.TIMEOUT_ESCALATION, killer, exit, subject, killing.orElse(t), summary,
                List.of("The grace period is the unit's TimeoutStopSec= (90 s by default); this log does not show when"
                        + " the first SIGTERM was sent."), Optional.empty()));
    }
}
