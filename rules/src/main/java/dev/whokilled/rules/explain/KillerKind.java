package dev.whokilled.rules.explain;

/** What kind of actor ended the process ({@code killer.kind}). */
public enum KillerKind {
    /** The kernel: the OOM killer, or a fault it turned into a signal. */
    KERNEL("kernel"),
    /** A process that sent the signal (a shell's {@code kill}, a script). */
    PROCESS("process"),
    /** A service manager acting on a unit (systemd stopping or killing it). */
    SUPERVISOR("supervisor"),
    /** A userspace OOM killer (earlyoom, systemd-oomd). */
    USERSPACE_OOM_KILLER("userspace_oom_killer"),
    /** The process itself (abort, exit). */
    SELF("self"),
    /** No evidence names the sender. */
    UNKNOWN("unknown");

    private final String label;

    KillerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
