package dev.whokilled.rules.record;

/** Where a record's wall-clock time came from, so output can say how far to trust it. */
public enum TimeBasis {
    /** Stamped by the logger when it received the record (syslog, journal); late if the kernel record was imported after the fact. */
    RECEIVED,
    /**
     * Computed from the kernel's monotonic stamp and a boot time ({@code dmesg -T}, or our own conversion).
     * The kernel clock stops during suspend and on a VM restore, so the result can be wrong by that much.
     */
    CONVERTED,
    /** The journal's receipt time corrected by the gap between its receipt and the kernel's own stamp. */
    CORRECTED;
}
