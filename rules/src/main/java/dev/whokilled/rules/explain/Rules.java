package dev.whokilled.rules.explain;

import java.util.List;

/** The explanation rules in the order they are tried: most specific first. */
public final class Rules {
    /**
     * Kernel verdicts first (an OOM kill or a fault outranks what a supervisor saw of the same death),
     * then userspace killers, then supervisor accounts, and last the honest "unknown sender".
     */
    public static final List<Rule> DEFAULT = List.of(
            new OomKillRule(),
            new AbortRule(),
            new CrashRule(),
            new UserspaceOomKillerRule(),
            new StopTimeoutRule(),
            new UnitOomKilledRule(),
            new SupervisorKillRule(),
            new SignalReceivedRule(),
            new ServiceKilledRule());

    private Rules() {
    }
}
