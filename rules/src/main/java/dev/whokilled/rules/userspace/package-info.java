/**
 * Lines written by supervisors and userspace OOM killers, turned into
 * {@link dev.whokilled.rules.evidence.ServiceEvent} and {@link dev.whokilled.rules.evidence.UserspaceKill}.
 *
 * <ul>
 *   <li>{@link dev.whokilled.rules.userspace.UserspaceMessageParser}: the entry point; one record in, at most one piece
 *       of evidence out, by the first matching pattern.</li>
 *   <li>{@link dev.whokilled.rules.userspace.PatternTable}: the patterns, kept as data in
 *       {@code patterns.tsv} beside this package (systemd, systemd-oomd, earlyoom, with the source and version of each
 *       format string), validated at load. A new killer is a new row.</li>
 *   <li>{@code UserspacePattern}, {@code Field}: one row and the fields its groups fill.</li>
 *   <li>{@code WriterTag}: the writer's identifier and pid, from the journal's fields or from an {@code ident[pid]: }
 *       tag left in the text.</li>
 *   <li>{@code SignalNames}: {@code 9}, {@code KILL}, {@code SIGKILL}, {@code 9/KILL} to a number, through
 *       {@code rules.signal.Signals}.</li>
 * </ul>
 *
 * <p>Not covered: nohang (no stable kill message confirmed from its source), earlyoom's follow-up lines
 * ({@code low memory! …}, {@code escalating to SIGKILL …}, {@code process N exited after …}), which need correlation
 * across lines, and systemd's {@code Sending signal SIGx to process N (x) on client request.} ({@code systemctl kill}).
 */
package dev.whokilled.rules.userspace;
