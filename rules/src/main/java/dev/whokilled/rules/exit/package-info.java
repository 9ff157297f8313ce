/**
 * Decoding exit statuses, wait statuses, return codes and signals into what happened to a process, for a person.
 *
 * <ul>
 *   <li>{@link dev.whokilled.rules.exit.ExitStatusDecoder}: text as typed → every plausible reading, most likely
 *       first; {@link dev.whokilled.rules.exit.UndecodableValueException} for anything else.</li>
 *   <li>{@link dev.whokilled.rules.exit.ShellStatusDecoder}: a 0-255 shell/container status (137 = 128 + SIGKILL).</li>
 *   <li>{@link dev.whokilled.rules.exit.WaitStatusDecoder}: a raw wait(2) status (the proc connector's
 *       {@code exit_code}: 9 = SIGKILL, 0x8b = SIGSEGV with core, 0x100 = exit code 1).</li>
 *   <li>{@link dev.whokilled.rules.exit.DecodedStatus}: one reading, with {@link dev.whokilled.rules.exit.Interpretation}
 *       (how it was read), {@link dev.whokilled.rules.exit.Fate} (exited, killed, stopped…) and
 *       {@link dev.whokilled.rules.exit.CoreDump} (dumped, not, unknown).</li>
 *   <li>Package-private wording: {@code KnownExitCodes} (exit-code conventions), {@code SignalDeaths} (what a death by
 *       each signal means, how to tell the causes apart), {@code Readings} (assembly).</li>
 * </ul>
 */
package dev.whokilled.rules.exit;
