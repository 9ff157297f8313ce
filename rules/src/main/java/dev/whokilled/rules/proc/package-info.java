/**
 * Pure parsers for what the agent reads about live processes: the {@code /proc/PID} files and the netlink proc
 * connector's datagrams. No I/O, no threads; the agent's {@code dev.whokilled.agent.source.proc} does the reading.
 *
 * <ul>
 *   <li>{@link dev.whokilled.rules.proc.ProcFileParsers}: {@code stat} (to a
 *       {@link dev.whokilled.rules.proc.StatOutcome} holding a {@link dev.whokilled.rules.proc.ProcStat}),
 *       {@code status} (real uid), {@code cmdline} (joined, bounded), {@code cgroup} (the memory-accounting
 *       path).</li>
 *   <li>{@link dev.whokilled.rules.proc.ProcEntry}: one directory's raw file contents to a
 *       {@link dev.whokilled.rules.live.ProcessIdentity}.</li>
 *   <li>{@link dev.whokilled.rules.proc.ProcEventDecoder}: datagram bytes to sealed
 *       {@link dev.whokilled.rules.proc.ProcEvent}s (fork, exec, comm, exit, ack, netlink error/overrun, unknown,
 *       malformed); and the subscription request's bytes.</li>
 * </ul>
 */
package dev.whokilled.rules.proc;
