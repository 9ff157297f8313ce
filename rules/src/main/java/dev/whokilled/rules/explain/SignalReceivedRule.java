package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A daemon's own account of a signal it received ({@code Received SIGTERM from PID 2388 (bash).}):
 * the daemon names the sender; it is a userspace message, and the exit itself is not in the log.
 */
final class SignalReceivedRule implements Rule {
    @Override
    public String id() {
        return "signal-received";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        return incident.service(ServiceEventKind.SIGNAL_RECEIVED).map(e -> {
            // The writer names itself only by its syslog identifier (systemd-journald), which is its comm in practice.
            Subject subject = Subject.of(e.pid(), e.comm().or(e::unit), OptionalLong.empty(), Optional.empty());
            String sender = e.senderComm().map(c -> c + " (pid ").orElse("pid ")
                    + (e.senderPid().isPresent() ? String.valueOf(e.senderPid().getAsInt()) : "?")
                    + (e.senderComm().isPresent() ? ")" : "");
            String signal = e.signal().isPresent() ? Signals.name(e.signal().getAsInt()) : "a signal";
            String summary = subject.describe() + " says it received " + signal + " from " + sender
                    + "; daemons normally shut down on it.";
            ExitInfo exit = e.signal().isPresent() ? ExitInfo.impliedSignal(e.signal().getAsInt()) : ExitInfo.UNKNOWN;
            return new Finding(Cause.SIGNAL, Killer.of(KillerKind.PROCESS, e.senderPid(), e.senderComm()), exit, subject, e,
                    summary, List.of("This is the daemon's own message, not kernel evidence; its exit is not in this log"
                            + " (a daemon that handles the signal exits cleanly, with code 0)."), Optional.empty());
        });
    }
}
