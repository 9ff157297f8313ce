/**
 * Kernel lines that report a process ending for a fault, turned into {@link dev.whokilled.rules.evidence.KernelFault}.
 *
 * <ul>
 *   <li>{@link dev.whokilled.rules.fault.KernelFaultParser}: the entry point; one record in, at most one fault out.
 *       Refuses records whose origin is userspace (a process can write any text into the kernel log).</li>
 *   <li>{@link dev.whokilled.rules.fault.PageFaultError}: the x86 page-fault error code of a segfault line, decoded
 *       into words for a person.</li>
 *   <li>{@link dev.whokilled.rules.fault.X86Trap}: which signal each x86 trap name in a {@code traps:} line implies.</li>
 *   <li>{@link dev.whokilled.rules.fault.AuditAbend}: the audit {@code ANOM_ABEND} record (type 1701), with the
 *       audit subsystem's hex encoding of untrusted strings undone.</li>
 * </ul>
 *
 * <p>Not covered: arm64 and other architectures' fault lines other than {@code print_fatal_signal}'s, and the
 * pid-less forms of that line printed since Linux 4.x (see {@link dev.whokilled.rules.fault.KernelFaultParser}).
 */
package dev.whokilled.rules.fault;
