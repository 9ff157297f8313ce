package dev.whokilled.agent.source.proc;

/**
 * Where the {@link ExitSource} gets proc connector datagrams from: a {@link ProcConnector} on a real host, a scripted
 * list in tests. Used from one thread.
 */
public interface DatagramReceiver extends AutoCloseable {

    /** Blocks for at most a bounded time (so the caller can notice a stop) and says what arrived. */
    ProcConnector.Received receive() throws ProcConnectorException;

    @Override
    void close() throws ProcConnectorException;
}
