package dev.whokilled.rules.record;

/**
 * The renderings of a kernel log that the readers understand.
 *
 * <p>Each format states whether it carries the syslog facility, which is what separates a kernel
 * record from a line a process wrote into the kernel log (see {@link Origin}).
 */
public enum LogFormat {
    /** A dump of {@code /dev/kmsg}: {@code prio,seq,usec,flags;text} plus {@code " KEY=value"} continuation lines. */
    KMSG("kmsg"),
    /** {@code dmesg}: {@code [ seconds.micros] text}. */
    DMESG("dmesg"),
    /** {@code dmesg -T}: {@code [Sun Nov 22 17:02:15 2026] text}; wall time converted by dmesg from the kernel clock. */
    DMESG_CTIME("dmesg -T"),
    /** {@code dmesg -r}: {@code <prio>[ seconds.micros] text}. */
    DMESG_RAW("dmesg -r"),
    /** Syslog files ({@code kern.log}, {@code messages}, {@code syslog}), classic {@code Nov 22 17:02:15} or RFC 3339 stamps. */
    SYSLOG("syslog"),
    /** {@code journalctl -o short}, {@code short-iso}, {@code short-precise} (and {@code short-full}). */
    JOURNAL_SHORT("journal"),
    /** {@code journalctl -o json}: one JSON object per line. */
    JOURNAL_JSON("journal json");

    private final String label;

    LogFormat(String label) {
        this.label = label;
    }

    /** Short name used in evidence ({@code "source"}) and messages. */
    public String label() {
        return label;
    }
}
