package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.Evidence;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rule concluded about an incident: the cause, the killer, the exit it implies, a one-line
 * summary for a person, and caveats. The {@link Explainer} adds the subject, time and evidence.
 *
 * @param primary the evidence the verdict rests on most; its first record places the death in time
 * @param notes caveats a careful reader needs ("the rendering cannot tell kernel lines from forged ones")
 */
public record Finding(Cause cause, Killer killer, ExitInfo exit, Subject subject, Evidence primary, String summary,
                      List<String> notes, Optional<OomFinding> oom) {
    public Finding {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(killer, "killer");
        Objects.requireNonNull(exit, "exit");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(oom, "oom");
        notes = List.copyOf(notes);
        if (summary.isBlank()) {
            throw new IllegalArgumentException("a finding needs a summary");
        }
    }
}
