/**
 * Analysis of a whole kernel log: {@link dev.whokilled.rules.analysis.LogAnalyzer} feeds each
 * record to the parsers ({@code rules.oom}, {@code rules.fault}, {@code rules.userspace}), groups
 * their evidence into incidents ({@code rules.explain.IncidentCorrelator}) and explains each one
 * ({@code rules.explain.Explainer}).
 */
package dev.whokilled.rules.analysis;
