package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.explain.Explainer;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.Incident;
import dev.whokilled.rules.explain.Rules;
import dev.whokilled.rules.explain.Termination;
import java.util.List;
import java.util.Optional;

/**
 * What the log rules ({@link Rules#DEFAULT}) make of kernel evidence alone, so the death rules
 * reuse their wording for OOM reports and faults instead of repeating it. Stateless and thread-safe.
 */
final class LogView {
    private static final Explainer EXPLAINER = new Explainer(Rules.DEFAULT, Optional.empty());

    private LogView() {
    }

    /** The log rules' termination for this evidence; empty when they see no death in it. */
    static Optional<Termination> explain(List<? extends Evidence> evidence) {
        Explanation e = EXPLAINER.explain(new Incident(List.copyOf(evidence)));
        return e instanceof Termination t ? Optional.of(t) : Optional.empty();
    }

    /** The log rules' one-line summary of one piece of evidence. */
    static Optional<String> summary(Evidence evidence) {
        return explain(List.of(evidence)).map(Termination::summary);
    }
}
