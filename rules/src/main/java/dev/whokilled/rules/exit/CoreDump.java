package dev.whokilled.rules.exit;

/**
 * Whether the kernel wrote a core dump when the process died. Three-valued on purpose: a shell status such as 139 does
 * not carry the core-dump bit, and "no core" would then be an invented claim.
 */
public enum CoreDump {
    /** The wait status has the 0x80 bit set: a core was written (where depends on {@code kernel.core_pattern}). */
    DUMPED,
    /** No core: it exited, the signal's default action does not dump core, or the wait status says so. */
    NOT_DUMPED,
    /** A core-dumping signal killed it, but the status seen does not say whether a core was written (shell status). */
    UNKNOWN;
}
