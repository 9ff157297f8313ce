package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.record.Provenance;
import java.util.Optional;

/** Names the supervisor that wrote a service message (usually systemd, pid 1). Stateless. */
final class Supervisors {
    private Supervisors() {
    }

    static Killer of(ServiceEvent e) {
        Provenance p = e.anchor().provenance();
        return Killer.of(KillerKind.SUPERVISOR, p.pid(), Optional.of(p.identifier().orElse("systemd")));
    }

    static String describe(Killer k) {
        return k.name().orElse("the supervisor") + (k.pid().isPresent() ? " (pid " + k.pid().getAsInt() + ")" : "");
    }
}
