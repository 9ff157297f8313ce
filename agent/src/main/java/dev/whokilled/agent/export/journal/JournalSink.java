package dev.whokilled.agent.export.journal;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.agent.export.TerminationSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes each termination to the journal as one structured entry ({@link JournalFields}) over journald's native
 * socket. Never blocks: an entry journald cannot take at once is dropped and the failure thrown, for the feed to log
 * once; the next termination is tried again, so a journald that comes back gets the entries from then on. Not
 * thread-safe: the agent's writer thread calls it.
 *
 * <p>Why a socket of our own and not {@code logger --journald}: no fork and exec per death (a burst of OOM kills is
 * when the machine can least afford them), no dependency on util-linux, and a send that cannot block the writer
 * thread, where a pipe to a child can.
 */
public final class JournalSink implements TerminationSink {
    /** Where journald listens for native-protocol datagrams (systemd-journald.socket). */
    public static final Path SOCKET = Path.of("/run/systemd/journal/socket");

    private final JournalSocket socket;

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
    public void accept(ExportedTermination termination) throws IOException {
        socket.send(NativeProtocol.encode(JournalFields.of(termination), socket.maxDatagram()));
    }

    @Override
    public void close() {
        socket.close();
    }
}
