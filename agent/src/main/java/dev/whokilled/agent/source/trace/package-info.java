/**
 * The tracefs signal source: who sent which fatal signal to whom, from the kernel's
 * {@code signal:signal_generate} tracepoint.
 *
 * <p>Map:
 * <ul>
 *   <li>{@link dev.whokilled.agent.source.trace.TracefsSignalSource}: owns a private tracefs instance, reads its
 *       {@code trace_pipe} on one thread and emits {@link dev.whokilled.rules.live.SignalSent} and
 *       {@link dev.whokilled.rules.live.Gap} facts; removes the instance on close.</li>
 *   <li>{@link dev.whokilled.agent.source.trace.TracefsUnavailableException}: why the source cannot start (tracefs
 *       not mounted, instance busy), worded for {@code doctor}.</li>
 *   <li>{@code LossLedger}: turns LOST lines and the per-CPU overrun counters into gaps without counting the same
 *       lost events twice.</li>
 * </ul>
 * Parsing is pure and lives in {@code dev.whokilled.rules.trace}.
 */
package dev.whokilled.agent.source.trace;
