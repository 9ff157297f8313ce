package dev.whokilled.rules.record;

/**
 * Who wrote a log record, as far as its rendering lets us tell.
 *
 * <p>The kernel forces every record written to {@code /dev/kmsg} by a process into a
 * userspace facility (a write asking for facility 0 becomes LOG_USER), so facility 0 proves
 * the kernel wrote it. Only {@link #KERNEL} records may frame a process as an OOM victim or a
 * crash without a warning.
 */
public enum Origin {
    /** Kernel facility (kmsg facility 0, journal {@code _TRANSPORT=kernel} with {@code SYSLOG_FACILITY=0}). */
    KERNEL,
    /** Written by a process (a non-zero facility, or a syslog/journal identifier other than {@code kernel}). */
    USERSPACE,
    /** The rendering does not carry the facility (plain {@code dmesg}, {@code dmesg -T}, syslog files): believable, not proven. */
    UNVERIFIED;

    /** Whether a parser may treat the record as kernel evidence (with {@link #UNVERIFIED} flagged as such). */
    public boolean mayBeKernel() {
        return this != USERSPACE;
    }
}
