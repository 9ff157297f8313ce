/**
 * From observed facts to explained deaths: the agent's live correlation.
 *
 * <p>{@link dev.whokilled.rules.death.DeathCorrelator} takes, in about time order, the facts of
 * {@link dev.whokilled.rules.live} (exits, signals, gaps) and the evidence of
 * {@link dev.whokilled.rules.evidence} (kernel OOM reports, fault lines, supervisor and userspace
 * killer messages), joins them per process into a {@link dev.whokilled.rules.death.DeathCase}, and
 * explains each with the first of {@link dev.whokilled.rules.death.DeathRules#DEFAULT} that applies
 * (a {@link dev.whokilled.rules.death.Verdict}; no match is {@code Verdict.unknown}). The result, a
 * {@link dev.whokilled.rules.death.Death}, is the existing
 * {@link dev.whokilled.rules.explain.Termination} plus the facts it rests on. Windows and bounds are
 * {@link dev.whokilled.rules.death.CorrelationSettings}; time comes from the input, never a clock.
 */
package dev.whokilled.rules.death;
