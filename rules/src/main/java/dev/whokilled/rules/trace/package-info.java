/**
 * The tracefs {@code signal:signal_generate} event, from {@code trace_pipe} text to facts; pure, no I/O.
 *
 * <p>Map:
 * <ul>
 *   <li>{@link dev.whokilled.rules.trace.SignalGenerateLineParser}: one {@code trace_pipe} line to a
 *       {@link dev.whokilled.rules.trace.TraceLineOutcome} ({@code Parsed}, {@code Ignored}, {@code Lost},
 *       {@code Malformed}). The class doc gives the kernel's format and how hostile comms are anchored.</li>
 *   <li>{@link dev.whokilled.rules.trace.SignalGenerate}: the event field by field;
 *       {@link dev.whokilled.rules.trace.SignalGenerate#toSignalSent} makes the stored
 *       {@link dev.whokilled.rules.live.SignalSent}.</li>
 *   <li>{@link dev.whokilled.rules.trace.CpuBufferStats}: the loss counters of a {@code per_cpu/cpuN/stats} file.</li>
 *   <li>{@link dev.whokilled.rules.trace.SignalGenerateFilter}: which signals the kernel records (those whose
 *       default action ends a process) as a tracefs filter expression.</li>
 * </ul>
 * Reading tracefs is {@code dev.whokilled.agent.source.trace}'s job.
 */
package dev.whokilled.rules.trace;
