package dev.whokilled.rules.evidence;

/** The kernel lines that report a process killed for a fault or an abnormal end. */
public enum FaultKind {
    /** {@code comm[pid]: segfault at ADDR ip … sp … error N in …}: invalid memory access, SIGSEGV. */
    SEGFAULT,
    /** {@code traps: comm[pid] general protection fault ip:… sp:… error:0 in …}: SIGSEGV (x86). */
    GENERAL_PROTECTION,
    /** {@code traps: comm[pid] trap divide error / invalid opcode / int3 …}: SIGFPE, SIGILL, SIGTRAP (x86). */
    TRAP,
    /** {@code potentially unexpected fatal signal N.} (arm64/others, {@code show_unhandled_signals}). */
    UNEXPECTED_FATAL_SIGNAL,
    /** {@code audit: type=1701 … ANOM_ABEND … pid=N comm="x" … sig=N}: the audit subsystem saw an abnormal end. */
    AUDIT_ABEND;
}
