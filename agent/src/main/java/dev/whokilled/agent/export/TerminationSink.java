package dev.whokilled.agent.export;

import java.io.IOException;

/**
 * One place terminations go besides the store: the journal, the event file, the metrics. Called on
 * the agent's writer thread, so it must not block for long; a sink that fails is logged once and
 * keeps being offered the next terminations.
 */
public interface TerminationSink extends AutoCloseable {
    /** A short name for the agent's log, such as {@code journal}. */
    String name();

    void accept(ExportedTermination termination) throws IOException;

    @Override
    void close() throws IOException;
}
