package dev.whokilled.agent.export;

import java.io.IOException;

/**
 * One place terminations go besides the store: the journal, the event file, the metrics. Called on
 * the agent's writer thread, so it must not block for long; a sink that fails keeps being offered the
 * next terminations, and the agent logs when it starts failing and when it works again.
 */
public interface TerminationSink extends AutoCloseable {
    /** A short name for the agent's log, such as {@code journal}. */
    String name();

    /** The {@code sink} label of its series ({@code journal}, {@code file}, {@code metrics}): a fixed word, never a path. */
    String label();

    void accept(ExportedTermination termination) throws IOException;

    /**
     * Lets time pass, on the same thread, every flush interval while it {@link #holdsWork} or the feed is busy: a
     * sink that held work back without blocking (the journal's entries journald could not take yet) retries it here.
     * Must not block and does not throw: a failure is kept for the next {@link #accept} to report.
     */
    default void tick(long nowNanos) {
    }

    /** Whether it holds work back that only a {@link #tick} sends: the agent keeps ticking while it does. */
    default boolean holdsWork() {
        return false;
    }

    @Override
    void close() throws IOException;
}
