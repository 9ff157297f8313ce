package dev.whokilled.agent.source;

/**
 * A source that can go quiet without an error its reader sees, and can tell when asked: the agent asks every retry
 * interval. A check that finds it no longer observes reports a stop through the source's {@link StopListener}, as a
 * failed read would, so the agent marks it down, restarts it and stores the outage as a gap.
 */
public interface SelfCheck {
    /** Looks, and reports a stop when the source no longer observes; must not block for long. */
    void check();
}
