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
 * running, the backlog full) drops entries and is thrown, for the feed to log; the next termination is tried
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
    /**
     * With {@code export.journal=auto} and no journald when the agent started: its socket, until it appears, and the
     * log to say so then. Until then terminations are not exported, and that is no failure (a machine without
     * journald); from then on the sink is as with {@code true}.
     */
    private Optional<Awaited> awaited;

    private record Awaited(Path socket, AgentLog log) {
    }

    private JournalSink(JournalSocket socket, Optional<Awaited> awaited) {
        this.socket = socket;
        this.awaited = awaited;
    }

    /** The sink on {@code socket}, which need not exist yet: a termination sent while it does not fails. */
    public static JournalSink open(Path socket) throws IOException {
        return new JournalSink(JournalSocket.open(socket), Optional.empty());
    }

    /**
     * The sink the setting asks for: none when off; with {@code auto} and no {@code socket} yet (journald not
     * running, or not on this machine), one that starts sending when the socket appears. The choice and any failure
     * to open go to the log.
     */
    public static Optional<TerminationSink> open(ExportConfig.Journal setting, Path socket, AgentLog log) {
        if (setting == ExportConfig.Journal.OFF) {
            log.info("journal export off (export.journal=false)");
            return Optional.empty();
        }
        boolean await = setting == ExportConfig.Journal.AUTO && !Files.exists(socket);
        try {
            JournalSink sink = new JournalSink(JournalSocket.open(socket),
                    await ? Optional.of(new Awaited(socket, log)) : Optional.empty());
            log.info(await ? "journal export waits for journald: no " + socket + " yet (export.journal=auto)"
                    : "journal export on: each termination goes to " + socket + " with MESSAGE_ID=" + JournalFields.MESSAGE_ID);
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
        if (awaited.isPresent()) {
            Awaited a = awaited.get();
            if (!Files.exists(a.socket())) {
                return;
            }
            a.log().info("journal export on: " + a.socket() + " appeared; each termination goes to it from now, with"
                    + " MESSAGE_ID=" + JournalFields.MESSAGE_ID);
            awaited = Optional.empty();
        }
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
