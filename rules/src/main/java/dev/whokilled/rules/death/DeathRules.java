package dev.whokilled.rules.death;

import java.util.List;

/** The death rules in the order they are tried: most specific first. */
public final class DeathRules {
    /**
     * Kernel verdicts first (the OOM killer's SIGKILL outranks whatever else was sent), then a
     * userspace OOM killer (which itself escalates SIGTERM to SIGKILL), then escalations (traced,
     * then from systemd's message), crashes and aborts, any named sender, and last a normal exit.
     * No match is {@link Verdict#unknown}.
     */
    public static final List<DeathRule> DEFAULT = List.of(
            new OomKillDeathRule(),
            new UserspaceOomKillerDeathRule(),
            new TimeoutEscalationRule(),
            new StopTimeoutDeathRule(),
            new CrashDeathRule(),
            new AbortDeathRule(),
            new SignalDeathRule(),
            new ExitRule());

    private DeathRules() {
    }
}
