package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * systemd saw a unit's main process die by a signal ({@code Main process exited, code=killed,
 * status=9/KILL}) and nothing else in the log names who sent it: an honest {@code unknown}.
 */
final class ServiceKilledRule implements Rule {
    @Override
    public String id() {
        return "service-main-process-killed";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        return incident.service(ServiceEventKind.MAIN_PROCESS_KILLED).map(e -> {
            Subject subject = Subject.of(e.pid(), e.comm(), OptionalLong.empty(), Optional.empty()).withUnitIfAbsent(e.unit());
            String who = subject.pid().isPresent() ? subject.describe()
                    : e.unit().map(u -> u + "'s main process").orElse("A unit's main process");
            OptionalInt signal = e.signal();
            String summary = who + " was killed by " + (signal.isPresent() ? Signals.name(signal.getAsInt()) : "a signal")
                    + " (systemd saw it die); nothing in this log names the sender.";
            ExitInfo exit = signal.isPresent() ? ExitInfo.impliedSignal(signal.getAsInt()) : ExitInfo.UNKNOWN;
            return new Finding(Cause.UNKNOWN, Killer.UNKNOWN, exit, subject, e, summary,
                    List.of("No kernel OOM report, fault line or stop timeout for it here. A log cannot name the sender of"
                            + " a signal; the whokilled agent records senders as they happen."), Optional.empty());
        });
    }
}
