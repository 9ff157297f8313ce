/**
 * From evidence to explanations.
 *
 * <p>{@link dev.whokilled.rules.explain.IncidentCorrelator} groups evidence about one death into an
 * {@link dev.whokilled.rules.explain.Incident}; the {@link dev.whokilled.rules.explain.Rules#DEFAULT}
 * rules (one class each, most specific first) turn an incident into a
 * {@link dev.whokilled.rules.explain.Finding}; the {@link dev.whokilled.rules.explain.Explainer}
 * adds subject, time and evidence and returns a {@link dev.whokilled.rules.explain.Termination} (the
 * DESIGN.md termination object before rendering) or a {@link dev.whokilled.rules.explain.Notice}.
 */
package dev.whokilled.rules.explain;
