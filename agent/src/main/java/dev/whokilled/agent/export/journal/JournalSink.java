package dev.whokilled.agent.export.journal;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.agent.export.TerminationSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Writes each termination to the journal as one structured entry ({@link JournalFields}) over journald's native
 * socket. Never blocks: an entry journald's queue cannot take at once waits in a bounded backlog, sent before the
 * next entry and at every {@link #tick}, so a burst of deaths arrives whole and in order. A failure (journald not
 * running, the backlog full) drops entries and is thrown, for the feed to log once; the next termination is tried
 * again, so a journald that comes back gets the entries from then on. Not thread-safe: the agent's writer thread
 * calls it.
 *
 * <p>Why a socket of our own and not {@code logger --journald}: no fork and exec per death (a burst of OOM kills is
 * when the machine can least afford them), no dependency on util-linux, and a send that cannot block the writer
 * thread, where a pipe to a child can.
 */
public final class JournalSink implements TerminationSink {
    /** Where journald listens for native-protocol datagrams (systemd-journald.socket). */
    public static final Path SOCKET = Path.of("/run/systemd/journal/socket");
    /** What may wait for journald: about 800 entries of the usual 1.3 KB. */
    static final long MAX_WAITING_BYTES = 1 << 20;

    private final JournalSocket socket;
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private long waitingBytes;

    private JournalSink(JournalSocket socket) {
        this.socket = socket;
    }

    /** The sink on {@code socket}, which need not exist yet. */
    public static JournalSink open(Path socket) throws IOException {
        return new JournalSink(JournalSocket.open(socket));
    }

    /**
     * The sink the setting asks for: none when off, or when {@code auto} and {@code socket} does not exist (no
     * journald on this machine); the choice and any failure to open go to the log.
     */
    public static Optional<TerminationSink> open(ExportConfig.Journal setting, Path socket, AgentLog log) {
        if (setting == ExportConfig.Journal.OFF
                || setting == ExportConfig.Journal.AUTO && !Files.exists(socket)) {
            log.info("journal export off (" + (setting == ExportConfig.Journal.OFF ? "export.journal=false"
                    : "no " + socket + ": journald is not running") + ")");
            return Optional.empty();
        }
        try {
            JournalSink sink = open(socket);
            log.info("journal export on: each termination goes to " + socket + " with MESSAGE_ID="
                    + JournalFields.MESSAGE_ID);
            return Optional.of(sink);
        } catch (IOException e) {
            log.warning("journal export off: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public String label() {
        return "journal";
    }

    @Override
    public void accept(ExportedTermination termination) throws IOException {
        byte[] entry = NativeProtocol.encode(JournalFields.of(termination), socket.maxDatagram());
        try {
            sendWaiting();
        } catch (IOException e) {
            int lost = waiting.size();
            waiting.clear();
            waitingBytes = 0;
            throw new IOException(e.getMessage() + "; this entry and " + lost + " that were waiting for journald are"
                    + " lost", e);
        }
        if (!waiting.isEmpty() || !socket.trySend(entry)) {
            hold(entry);
        }
    }

    /** Sends what waits, in order, until journald's queue is full again; a failure is left for the next entry. */
    @Override
    public void tick(long nowNanos) {
        try {
            sendWaiting();
        } catch (IOException e) {
            // kept: the next accept sends them again, and reports what fails then
        }
    }

    @Override
    public boolean holdsWork() {
        return !waiting.isEmpty();
    }

    /** Entries journald's queue had no room for yet. */
    int waiting() {
        return waiting.size();
    }

    private void sendWaiting() throws IOException {
        while (!waiting.isEmpty() && socket.trySend(waiting.peekFirst())) {
            waitingBytes -= waiting.pollFirst().length;
        }
    }

    private void hold(byte[] entry) throws IOException {
        if (waitingBytes + entry.length > MAX_WAITING_BYTES) {
            throw new IOException("journald has not read the last " + waiting.size() + " entries (its queue is full);"
                    + " this one is dropped rather than the agent blocked");
        }
        waiting.addLast(entry);
        waitingBytes += entry.length;
    }

    /** Sends what still waits, once, without waiting; says how many entries journald never got. */
    @Override
    public void close() throws IOException {
        try {
            sendWaiting();
        } finally {
            socket.close();
        }
        if (!waiting.isEmpty()) {
            throw new IOException(waiting.size() + " entries were still waiting for journald at shutdown and are lost");
        }
    }
}
