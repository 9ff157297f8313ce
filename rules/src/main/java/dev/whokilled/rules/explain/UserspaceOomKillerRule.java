package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.UserspaceKill;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** earlyoom, systemd-oomd or another userspace OOM killer said it killed this process or cgroup. */
final class UserspaceOomKillerRule implements Rule {
    @Override
    public String id() {
        return "userspace-oom-killer";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        return incident.first(UserspaceKill.class).map(u -> {
            Subject subject = Subject.of(u.victimPid(), u.victimComm(), OptionalLong.empty(), u.cgroup());
            String killer = u.killer() + (u.killerPid().isPresent() ? " (pid " + u.killerPid().getAsInt() + ")" : "");
            String victim = u.victimPid().isPresent() || u.victimComm().isPresent() ? subject.describe()
                    : "the processes of cgroup " + u.cgroup().orElse("?");
            String verb = u.victimPid().isPresent() || u.victimComm().isPresent() ? " was killed by " : " were killed by ";
            String summary = victim + verb + killer + ", a userspace OOM killer"
                    + (u.signal().isPresent() ? ", with " + Signals.name(u.signal().getAsInt()) : "")
                    + (u.reason().isBlank() ? "" : ": " + u.reason()) + ".";
            ExitInfo exit = u.signal().isPresent() ? ExitInfo.impliedSignal(u.signal().getAsInt()) : ExitInfo.UNKNOWN;
            return new Finding(Cause.USERSPACE_OOM_KILLER,
                    Killer.of(KillerKind.USERSPACE_OOM_KILLER, u.killerPid(), Optional.of(u.killer())), exit, subject, u,
                    summary, List.of(), Optional.empty());
        });
    }
}
