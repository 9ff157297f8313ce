package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.signal.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Died by SIGKILL, and systemd logged that the unit's stop timed out ({@code State 'stop-sigterm'
 * timed out. Killing.}) or that it was killing this process: the trace did not show both signals
 * (else {@link TimeoutEscalationRule} would have matched), so the message names the escalation.
 */
final class StopTimeoutDeathRule implements DeathRule {
    private static final int SIGKILL = 9;

    @Override
    public String id() {
        return "live-stop-timeout";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        if (death.deathSignal().orElse(0) != SIGKILL) {
            return Optional.empty();
        }
        Optional<ServiceEvent> timeout = death.evidence(ServiceEvent.class)
                .filter(e -> e.kind() == ServiceEventKind.STOP_TIMEOUT).findFirst();
        if (timeout.isEmpty()) {
            return Optional.empty();
        }
        ServiceEvent t = timeout.get();
        Optional<SignalSent> kill = death.lastFromOthers(SIGKILL);
        Optional<SignalSent> term = death.signals().stream()
                .filter(s -> TimeoutEscalationRule.POLITE.contains(s.signal()) && !death.isSelf(s)).findFirst();
        Provenance writer = t.anchor().provenance();
        OptionalInt pid = kill.map(DeathCase::senderPid).orElse(writer.pid());
        Killer killer = new Killer(KillerKind.SUPERVISOR, pid, Optional.of(writer.identifier().orElse("systemd")),
                kill.flatMap(SignalSent::sender).flatMap(ProcessIdentity::cmdline));
        String unit = t.unit().orElse("its unit");
        String grace = term.isPresent() && kill.isPresent()
                ? " " + Words.seconds(kill.get().monotonicNanos() - term.get().monotonicNanos()) + " after a "
                        + Signals.name(term.get().signal())
                : " after the stop timeout of " + unit;
        String summary = death.subject().describe() + " was killed by SIGKILL from " + killer.name().orElseThrow()
                + (pid.isPresent() ? " (pid " + pid.getAsInt() + ")" : "") + grace + ": " + unit
                + " did not stop in time (state '" + t.result().orElse("stop-sigterm") + "' timed out)."
                + " Raise TimeoutStopSec= or find why it ignores SIGTERM.";
        List<Fact> facts = new ArrayList<>();
        term.ifPresent(facts::add);
        kill.ifPresent(facts::add);
        List<String> notes = term.isPresent() ? List.of()
                : List.of("The first SIGTERM was not in the signal trace, so the grace period is the unit's"
                        + " TimeoutStopSec= (90 s by default), not a measured one.");
        return Optional.of(new Verdict(Cause.TIMEOUT_ESCALATION, killer, summary, notes, Optional.empty(), facts,
                List.of(t)));
    }
}
