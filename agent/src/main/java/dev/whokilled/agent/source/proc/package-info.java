/**
 * The exits source: every process exit on the host with its wait status, from the netlink proc connector, and the
 * identities of processes kept while they run.
 *
 * <ul>
 *   <li>{@link dev.whokilled.agent.source.proc.ProcConnector}: the netlink socket (through JNA's libc), subscribed
 *       to the proc connector; raw datagrams, receive timeouts, ENOBUFS.</li>
 *   <li>{@link dev.whokilled.agent.source.proc.ProcSnapshotter}: reads {@code /proc/PID} under an injected root;
 *       parsing is {@code dev.whokilled.rules.proc}'s.</li>
 *   <li>{@link dev.whokilled.agent.source.proc.ProcessTable}: the bounded identity cache, filled at start and on
 *       fork, refreshed on exec and comm, emptied on exit, which also finds orphans.</li>
 *   <li>{@link dev.whokilled.agent.source.proc.ExitSource}: the thread tying them together; emits
 *       {@link dev.whokilled.rules.live.ProcessExit} and {@link dev.whokilled.rules.live.Gap} facts.</li>
 * </ul>
 *
 * <p>Why not oshi for the start snapshot: the table needs field 22 of {@code stat} (start time in clock ticks, the
 * key that tells two processes with one pid apart) and the cgroup path, which oshi's {@code OSProcess} does not give
 * in that form, and oshi reads {@code /proc} from a global setting where whokilled injects the root. One reader and
 * one parser serve the snapshot and the fork/exec updates alike.
 */
package dev.whokilled.agent.source.proc;
