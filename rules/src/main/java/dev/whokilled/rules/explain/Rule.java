package dev.whokilled.rules.explain;

import java.util.Optional;

/**
 * One explanation rule: recognises a kind of death in an incident. Rules are pure and stateless;
 * {@link Rules#DEFAULT} orders them most specific first, and the first that applies wins.
 */
public interface Rule {
    /** A stable id, reported with each termination ({@code "rule"}) so a verdict can be traced to its rule. */
    String id();

    Optional<Finding> apply(Incident incident);
}
