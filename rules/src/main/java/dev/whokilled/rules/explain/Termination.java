package dev.whokilled.rules.explain;

import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One process death, explained: the termination object of DESIGN.md before it is rendered.
 * Immutable.
 *
 * @param ruleId the rule that produced the verdict
 * @param trust how far the evidence can be trusted (the weakest record)
 * @param evidence every record the verdict rests on, in log order
 */
public record Termination(Subject subject, When when, ExitInfo exit, Cause cause, Killer killer, String summary,
                          String ruleId, EvidenceTrust trust, List<String> notes, Optional<OomFinding> oom,
                          List<KernelRecord> evidence) implements Explanation {
    public Termination {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(exit, "exit");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(killer, "killer");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(oom, "oom");
        notes = List.copyOf(notes);
        evidence = List.copyOf(evidence);
    }
}
