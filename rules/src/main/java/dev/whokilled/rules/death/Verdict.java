package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.OomFinding;
import dev.whokilled.rules.live.Fact;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DeathRule} concluded about an observed death: cause, killer, a summary that leads
 * with the answer, caveats, and the facts and evidence it cites. The correlator adds subject, time
 * and exit. Immutable.
 *
 * <p>Unlike {@link dev.whokilled.rules.explain.Finding}, a verdict may rest on observed facts alone
 * (a traced {@code kill -9} needs no log line), so it has no mandatory primary evidence.
 *
 * @param facts the signals and gaps it cites (the exit is always cited by the correlator)
 * @param evidence the kernel or supervisor evidence it cites
 */
public record Verdict(Cause cause, Killer killer, String summary, List<String> notes, Optional<OomFinding> oom,
                      List<Fact> facts, List<Evidence> evidence) {
    public Verdict {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(killer, "killer");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(oom, "oom");
        notes = List.copyOf(notes);
        facts = List.copyOf(facts);
        evidence = List.copyOf(evidence);
        if (summary.isBlank()) {
            throw new IllegalArgumentException("a verdict needs a summary");
        }
    }

    /** No rule named a cause: died by a signal, sender unknown; {@code summary} says what was missing. */
    public static Verdict unknown(String summary, List<Fact> cited) {
        return new Verdict(Cause.UNKNOWN, Killer.UNKNOWN, summary, List.of(), Optional.empty(), cited, List.of());
    }
}
