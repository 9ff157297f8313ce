package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.OomNoVictim;
import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.KernelRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an incident into an explanation with the first rule of {@link Rules#DEFAULT} that applies.
 * Immutable and thread-safe.
 */
public final class Explainer {
    private final List<Rule> rules;
    private final Optional<BootClock> bootClock;

    /**
     * @param bootClock the boot time of the log's boot when known (a live kernel log), so kernel
     *     stamps can be given a wall time; empty for a log from elsewhere
     */
    public Explainer(List<Rule> rules, Optional<BootClock> bootClock) {
        this.rules = List.copyOf(rules);
        this.bootClock = Objects.requireNonNull(bootClock, "bootClock");
    }

    public Explanation explain(Incident incident) {
        Optional<OomNoVictim> noVictim = incident.first(OomNoVictim.class);
        if (noVictim.isPresent() && incident.evidence().size() == 1) {
            return notice(noVictim.get());
        }
        for (Rule rule : rules) {
            Optional<Finding> finding = rule.apply(incident);
            if (finding.isPresent()) {
                return termination(incident, rule.id(), finding.get());
            }
        }
        return termination(incident, "unmatched", unmatched(incident));
    }

    private Termination termination(Incident incident, String ruleId, Finding f) {
        List<KernelRecord> records = records(incident);
        List<String> notes = new ArrayList<>(f.notes());
        EvidenceTrust trust = EvidenceTrust.of(f.primary());
        if (trust == EvidenceTrust.UNVERIFIED) {
            notes.add("This log rendering does not record who wrote each line, so a kernel line cannot be told from one"
                    + " a process wrote into the kernel log; read /dev/kmsg or the journal to be sure.");
        }
        When when = When.of(f.primary().anchor(), bootClock);
        when.wallTime().ifPresent(w -> notes.add(TimeNotes.caveat(w.basis())));
        return new Termination(f.subject(), when, f.exit(), f.cause(), f.killer(), f.summary(), ruleId, trust,
                notes.stream().distinct().toList(), f.oom(), records);
    }

    private Notice notice(OomNoVictim e) {
        String where = e.oomMemcg().map(m -> " in memory cgroup " + m).orElse("");
        String trigger = e.trigger().map(t -> "; the allocation came from " + t.comm()
                + (t.pid().isPresent() ? " (pid " + t.pid().getAsInt() + ")" : "")).orElse("");
        String summary = "The OOM killer ran" + where + " but found no process it could kill" + trigger
                + " (every candidate was unkillable, e.g. oom_score_adj=-1000); allocations failed instead"
                + (e.constraint() == dev.whokilled.rules.evidence.OomConstraint.GLOBAL ? ", and a global OOM like this"
                + " usually ends in a kernel panic." : ".");
        return new Notice("oom_no_victim", When.of(e.anchor(), bootClock), summary, EvidenceTrust.of(e),
                e.records());
    }

    private static Finding unmatched(Incident incident) {
        Evidence primary = incident.evidence().get(0);
        return new Finding(Cause.UNKNOWN, Killer.UNKNOWN, ExitInfo.UNKNOWN,
                new Subject(java.util.OptionalInt.empty(), Optional.empty(), Optional.empty(), java.util.OptionalLong.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                primary, "No rule recognised this evidence; the log lines are listed below.", List.of(), Optional.empty());
    }

    private static List<KernelRecord> records(Incident incident) {
        List<KernelRecord> all = new ArrayList<>();
        for (Evidence e : incident.evidence()) {
            for (KernelRecord r : e.records()) {
                if (!all.contains(r)) {
                    all.add(r);
                }
            }
        }
        all.sort(java.util.Comparator.comparingLong(KernelRecord::lineNumber));
        return all;
    }
}
