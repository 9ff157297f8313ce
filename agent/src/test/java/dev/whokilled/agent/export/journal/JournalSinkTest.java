package dev.whokilled.agent.export.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.agent.export.TerminationSink;
import dev.whokilled.agent.libc.Libc;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink over a real AF_UNIX datagram socket that the test binds where journald's would be: the datagram is the
 * encoded entry, byte for byte; no listener is a clear error, and a listener that comes back gets the next entry.
 */
@EnabledOnOs(OS.LINUX)
class JournalSinkTest {
    @TempDir
    Path dir;

    /** A bound datagram socket standing in for journald's; reads without waiting. */
    private static final class Listener implements AutoCloseable {
        private final int fd;

        Listener(Path path) {
            fd = Libc.INSTANCE.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
            Memory address = new Memory(110);
            address.clear();
            address.setShort(0, (short) Libc.AF_UNIX);
            address.write(2, name, 0, name.length);
            assertEquals(0, Libc.INSTANCE.bind(fd, address, 2 + name.length + 1), "bind errno " + Native.getLastError());
        }

        byte[] receive() {
            byte[] got = tryReceive();
            assertTrue(got != null, "nothing received");
            return got;
        }

        /** The next datagram, or null when none waits. */
        byte[] tryReceive() {
            Memory buffer = new Memory(256 * 1024);
            long n = Libc.INSTANCE.recv(fd, buffer, buffer.size(), Libc.MSG_DONTWAIT);
            return n < 0 ? null : buffer.getByteArray(0, (int) n);
        }

        @Override
        public void close() {
            Libc.INSTANCE.close(fd);
        }
    }

    @Test
    void accept_sendsTheEncodedEntry_asOneDatagram() throws IOException {
        Path socket = dir.resolve("socket");
        ExportedTermination t = JournalFieldsTest.killedBySh();
        try (Listener journald = new Listener(socket); JournalSink sink = JournalSink.open(socket)) {
            sink.accept(t);
            assertArrayEquals(NativeProtocol.encode(JournalFields.of(t)), journald.receive());
        }
    }

    @Test
    void accept_noJournald_failsClearly_andTheNextEntryReachesOneThatCameBack() throws IOException {
        Path socket = dir.resolve("socket");
        ExportedTermination t = JournalFieldsTest.killedBySh();
        try (JournalSink sink = JournalSink.open(socket)) {
            IOException missing = assertThrows(IOException.class, () -> sink.accept(t));
            assertTrue(missing.getMessage().contains("ENOENT (systemd-journald is not running"), missing.getMessage());

            new Listener(socket).close(); // the socket file of a journald that stopped
            IOException refused = assertThrows(IOException.class, () -> sink.accept(t));
            assertTrue(refused.getMessage().contains("ECONNREFUSED"), refused.getMessage());

            Files.delete(socket);
            try (Listener restarted = new Listener(socket)) {
                sink.accept(t);
                assertTrue(Arrays.equals(NativeProtocol.encode(JournalFields.of(t)), restarted.receive()));
            }
        }
    }

    @Test
    void accept_burstBeyondJournaldsQueue_waitsWithoutBlocking_andArrivesWholeInOrder() throws IOException {
        Path socket = dir.resolve("socket");
        int burst = 40; // well beyond net.unix.max_dgram_qlen, 10 unless systemd raised it
        try (Listener journald = new Listener(socket); JournalSink sink = JournalSink.open(socket)) {
            for (int i = 0; i < burst; i++) {
                sink.accept(JournalFieldsTest.killedBySh(3000 + i, "sleep", "sleep 600"));
            }
            assertTrue(sink.waiting() > 0, "the queue of a journald that reads nothing filled up");
            List<byte[]> got = new ArrayList<>();
            for (int round = 0; round < 100 && got.size() < burst; round++) {
                for (byte[] d = journald.tryReceive(); d != null; d = journald.tryReceive()) {
                    got.add(d);
                }
                sink.tick(0);
            }
            assertEquals(0, sink.waiting());
            assertEquals(burst, got.size());
            for (int i = 0; i < burst; i++) {
                assertArrayEquals(NativeProtocol.encode(JournalFields.of(JournalFieldsTest.killedBySh(3000 + i, "sleep",
                        "sleep 600"))), got.get(i), "entry " + i);
            }
        }
    }

    @Test
    void open_setting_decidesWhetherThereIsASink() {
        StringWriter log = new StringWriter();
        AgentLog agentLog = new AgentLog(new PrintWriter(log, true));
        Path absent = dir.resolve("absent");
        assertEquals(Optional.empty(), JournalSink.open(ExportConfig.Journal.OFF, absent, agentLog));
        assertTrue(JournalSink.open(ExportConfig.Journal.AUTO, absent, agentLog).isPresent(), "auto waits for journald");
        Optional<TerminationSink> forced = JournalSink.open(ExportConfig.Journal.ON, absent, agentLog);
        assertTrue(forced.isPresent(), "on means on, even before journald starts");
        assertTrue(log.toString().contains("journal export off (export.journal=false)"), log.toString());
        assertTrue(log.toString().contains("journal export waits for journald: no " + absent + " yet"), log.toString());
        assertTrue(log.toString().contains("journal export on: each termination goes to " + absent), log.toString());
    }

    @Test
    void auto_withoutJournald_exportsNothingAndFailsNothing_untilItsSocketAppears() throws IOException {
        StringWriter log = new StringWriter();
        Path socket = dir.resolve("socket");
        ExportedTermination before = JournalFieldsTest.killedBySh(3001, "sleep", "sleep 600");
        ExportedTermination after = JournalFieldsTest.killedBySh(3002, "sleep", "sleep 600");
        try (TerminationSink sink = JournalSink.open(ExportConfig.Journal.AUTO, socket, new AgentLog(new PrintWriter(log, true)))
                .orElseThrow()) {
            sink.accept(before); // no journald: not a failure, nothing sent
            assertFalse(log.toString().contains("appeared"), log.toString());
            try (Listener journald = new Listener(socket)) {
                sink.accept(after);
                assertArrayEquals(NativeProtocol.encode(JournalFields.of(after)), journald.receive());
                assertNull(journald.tryReceive(), "the termination from before journald started is not sent late");
            }
            assertTrue(log.toString().contains("journal export on: " + socket + " appeared"), log.toString());
        }
    }
}
