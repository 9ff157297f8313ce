package dev.whokilled.rules.death;

import java.util.Optional;

/**
 * One rule that recognises a kind of observed death. Rules are pure and stateless;
 * {@link DeathRules#DEFAULT} orders them most specific first, and the first that applies wins.
 */
public interface DeathRule {
    /** A stable id, reported as the termination's {@code ruleId}; prefixed {@code live-} to tell it from the log rules. */
    String id();

    Optional<Verdict> apply(DeathCase death);
}
