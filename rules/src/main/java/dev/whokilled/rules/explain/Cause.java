package dev.whokilled.rules.explain;

/**
 * Why a process ended: the {@code cause} field of a termination (DESIGN.md). Each constant says
 * which evidence produces it.
 */
public enum Cause {
    /** The kernel OOM killer chose it: a {@code Killed process} line from the kernel. */
    OOM_KILL("oom_kill", true),
    /** A userspace OOM killer (earlyoom, systemd-oomd, nohang) said it killed it. */
    USERSPACE_OOM_KILLER("userspace_oom_killer", false),
    /** A process sent the fatal signal, and the evidence names it. */
    SIGNAL("signal", false),
    /** A supervisor asked it to stop, waited out a grace period, then sent SIGKILL (systemd's stop timeout). */
    TIMEOUT_ESCALATION("timeout_escalation", false),
    /** The kernel delivered SIGSEGV/SIGBUS/SIGILL/SIGFPE for a fault: a segfault, trap or protection fault line. */
    CRASH("crash", true),
    /** It raised SIGABRT itself (abort(), a failed assertion, a heap-corruption check). */
    ABORT("abort", false),
    /** It exited on its own with a code. */
    EXIT("exit", false),
    /** It died by a signal and no evidence names the sender; the termination says which sources were missing. */
    UNKNOWN("unknown", false);

    private final String label;
    private final boolean kernelInitiated;

    Cause(String label, boolean kernelInitiated) {
        this.label = label;
        this.kernelInitiated = kernelInitiated;
    }

    /** The JSON spelling. */
    public String label() {
        return label;
    }

    /** True when the kernel itself decided the death (OOM killer, fault), not a process. */
    public boolean isKernelInitiated() {
        return kernelInitiated;
    }

    /** Parses the JSON spelling ({@code oom_kill}) or the constant name, case-insensitively. */
    public static java.util.Optional<Cause> parse(String text) {
        for (Cause c : values()) {
            if (c.label.equalsIgnoreCase(text) || c.name().equalsIgnoreCase(text)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
