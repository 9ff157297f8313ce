package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.OomTrigger;
import dev.whokilled.rules.evidence.ServiceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A kernel {@code Killed process} line: the OOM killer chose this process and sent it SIGKILL. */
final class OomKillRule implements Rule {
    private static final int SIGKILL = 9;

    @Override
    public String id() {
        return "oom-kill";
    }

    @Override
    public Optional<Finding> apply(Incident incident) {
        return incident.first(OomKill.class).map(kill -> finding(incident, kill));
    }

    private static Finding finding(Incident incident, OomKill kill) {
        OomFinding oom = OomFinding.of(kill);
        Subject subject = Subject.of(OptionalInt.of(kill.victim().pid()), Optional.of(kill.victim().comm()),
                kill.victim().uid(), kill.taskMemcg().or(kill::oomMemcg))
                .withUnitIfAbsent(incident.all(ServiceEvent.class).map(ServiceEvent::unit).flatMap(Optional::stream).findFirst());
        StringBuilder s = new StringBuilder(subject.describe()).append(" was killed by the kernel OOM killer: ")
                .append(constraint(kill));
        trigger(kill).ifPresent(t -> s.append("; ").append(t));
        s.append("; ").append(oom.choice().why());
        if (kill.groupKill()) {
            s.append("; it was killed together with the rest of its cgroup (memory.oom.group)");
        }
        s.append('.');
        List<String> notes = new ArrayList<>();
        if (!kill.missing().isEmpty()) {
            notes.add("Parts of the kernel's report are missing from this log (" + String.join(", ", kill.missing())
                    + "); the kernel rate-limits them during an OOM storm, so the kill is reported with what is known.");
        }
        return new Finding(Cause.OOM_KILL, Killer.KERNEL, ExitInfo.impliedSignal(SIGKILL), subject, kill, s.toString(),
                notes, Optional.of(oom));
    }

    static String constraint(OomKill kill) {
        Optional<String> limit = memoryLimit(kill.memory()).map(m -> " hit its " + Sizes.fromKib(m.limitKb()) + " limit");
        OomConstraint c = kill.constraint();
        if (c == OomConstraint.MEMCG || (c == OomConstraint.UNKNOWN && kill.cgroupOom())) {
            return "its memory cgroup" + kill.oomMemcg().map(m -> " " + m).orElse("")
                    + limit.orElse(" hit its limit");
        }
        return switch (c) {
            case GLOBAL -> "the whole machine ran out of memory";
            case CPUSET -> "the memory nodes of its cpuset ran out";
            case MEMPOLICY -> "the memory nodes its NUMA policy allows ran out";
            default -> "the system ran out of memory (the report does not say whether a cgroup limit was hit)";
        };
    }

    /** The counter that hit its limit, preferring plain memory; a line with usage at the limit wins. */
    private static Optional<MemoryUsage> memoryLimit(List<MemoryUsage> usages) {
        return usages.stream().filter(u -> u.usageKb() >= u.limitKb()).findFirst()
                .or(() -> usages.stream().filter(u -> u.counter().equals("memory")).findFirst());
    }

    private static Optional<String> trigger(OomKill kill) {
        if (kill.trigger().isEmpty()) {
            return Optional.empty();
        }
        OomTrigger t = kill.trigger().get();
        if (t.pid().isPresent() && t.pid().getAsInt() == kill.victim().pid()) {
            return Optional.of("it was itself the task whose allocation failed");
        }
        String who = t.comm() + (t.pid().isPresent() ? " (pid " + t.pid().getAsInt() + ")" : "");
        return Optional.of("the allocation that triggered it came from " + who
                + (t.pid().isPresent() ? ", not from the victim" : ""));
    }
}
