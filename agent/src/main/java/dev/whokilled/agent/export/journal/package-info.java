/**
 * The journal export: each termination as one structured journal entry, as systemd-coredump records a crash.
 *
 * <ul>
 *   <li>{@link dev.whokilled.agent.export.journal.JournalFields}: a termination as {@code MESSAGE_ID},
 *       {@code MESSAGE}, {@code PRIORITY} and {@code WHOKILLED_*} fields (pure).</li>
 *   <li>{@link dev.whokilled.agent.export.journal.NativeProtocol}: fields as the bytes of one native-protocol
 *       datagram, binary-safe, cut to fit the datagram limit (pure).</li>
 *   <li>{@link dev.whokilled.agent.export.journal.JournalSink}: the sink the agent's feed calls; sends through a
 *       non-blocking AF_UNIX datagram socket (JNA).</li>
 * </ul>
 */
package dev.whokilled.agent.export.journal;
