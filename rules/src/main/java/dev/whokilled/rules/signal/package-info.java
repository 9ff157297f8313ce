/**
 * The Linux signal table: numbers, names, default actions, and who sends each signal in practice.
 *
 * <ul>
 *   <li>{@link dev.whokilled.rules.signal.AnySignal}: what every signal has (number, name, default action,
 *       catchable, meaning, usual senders); sealed over the two kinds below.</li>
 *   <li>{@link dev.whokilled.rules.signal.Signal}: the standard signals 1-31, one constant each.</li>
 *   <li>{@link dev.whokilled.rules.signal.RealtimeSignal}: 32-64, including glibc's reserved 32 and 33.</li>
 *   <li>{@link dev.whokilled.rules.signal.DefaultAction}: terminate, core, ignore, stop, continue.</li>
 *   <li>{@link dev.whokilled.rules.signal.Signals}: lookup by number and by the names people type.</li>
 * </ul>
 *
 * <p>Numbers are for x86-64 and aarch64; MIPS, SPARC and Alpha differ.
 */
package dev.whokilled.rules.signal;
