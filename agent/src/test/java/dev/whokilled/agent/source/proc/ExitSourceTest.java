package dev.whokilled.agent.source.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.redact.CommandLineRedactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exits source fed datagrams captured on 6.18 (see rules' fixtures/proc-connector) over a fake /proc. */
class ExitSourceTest {
    /** fork 27291/27250 -> 27292, exec, exit by SIGKILL (exit_code 9), parent 27291/27250. */
    private static final String FORK = "4c0000000300000002000000000000000100000001000000020000000000000028000000"
            + "01000000000000002b8d3934e40100009b6a0000726a00009c6a00009c6a00000000000000000000";
    private static final String EXEC = "4c0000000300000003000000000000000100000001000000030000000000000028000000"
            + "0200000000000000ca859234e40100009c6a00009c6a000000000000000000000000000000000000";
    private static final String EXIT_KILLED = "4c0000000300000004000000000000000100000001000000040000000000000028000000"
            + "000000800000000027136c47e40100009c6a00009c6a000009000000110000009b6a0000726a0000";
    /** A thread of 27250 ends. */
    private static final String THREAD_EXIT = "4c000000030000000d0000000000000001000000010000000d0000000000000028000000"
            + "000000800000000070d61f76e40100009b6a0000726a000000000000ffffffff0000000000000000";
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;

    /** Plays datagrams in order, each after an optional change to the fake /proc; then times out until closed. */
    static final class Script implements DatagramReceiver {
        private final ArrayDeque<Object> steps = new ArrayDeque<>();
        final CountDownLatch drained = new CountDownLatch(1);
        volatile boolean closed;

        Script then(Runnable change) {
            steps.add(change);
            return this;
        }

        Script then(ProcConnector.Received received) {
            steps.add(received);
            return this;
        }

        Script datagram(String hex) {
            return then(new ProcConnector.Received.Datagram(HexFormat.of().parseHex(hex)));
        }

        @Override
        public ProcConnector.Received receive() throws ProcConnectorException {
            while (!steps.isEmpty()) {
                Object step = steps.poll();
                if (step instanceof Runnable change) {
                    change.run();
                } else if (step instanceof ProcConnectorException e) {
                    throw e;
                } else {
                    return (ProcConnector.Received) step;
                }
            }
            drained.countDown();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ProcConnector.Received.TimedOut();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private List<Fact> run(Script script, FakeProc proc) throws Exception {
        List<Fact> facts = Collections.synchronizedList(new ArrayList<>());
        ProcessTable table = new ProcessTable(new ProcSnapshotter(proc.root, 4096, CommandLineRedactor::redact), 100);
        ExitSource source = new ExitSource(script, table, Clock.fixed(NOW, ZoneOffset.UTC), "boot-1", facts::add, stop -> { });
        source.start();
        assertTrue(script.drained.await(5, TimeUnit.SECONDS), "script not consumed");
        source.close();
        assertTrue(script.closed, "receiver not closed");
        assertEquals(Optional.empty(), source.failure());
        return List.copyOf(facts);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void killedSleep_exitWithIdentityReadAtExec() throws Exception {
        FakeProc proc = new FakeProc(dir);
        Script script = new Script()
                .then(() -> proc.process(27292, "python3", 27250, 700, "python3 x.py")).datagram(FORK)
                .then(() -> proc.process(27292, "sleep", 27250, 700, "sleep 30")).datagram(EXEC)
                .then(() -> proc.gone(27292)).datagram(EXIT_KILLED).datagram(THREAD_EXIT);

        List<Fact> facts = run(script, proc);

        assertEquals(1, facts.size(), () -> "facts: " + facts);
        ProcessExit exit = assertInstanceOf(ProcessExit.class, facts.get(0));
        assertEquals(new ProcessExit(27292, 9, 2079962436391L, NOW, "boot-1", OptionalInt.of(27250),
                Optional.of(new ProcessIdentity(27292, OptionalLong.of(700), OptionalInt.of(27250),
                        Optional.of("sleep"), Optional.of("sleep 30"), OptionalLong.of(1000),
                        Optional.of("/user.slice"))), List.of()), exit);
    }

    @Test
    void overflowAndMalformed_becomeGaps() throws Exception {
        FakeProc proc = new FakeProc(dir);
        byte[] cut = hex(FORK);
        Script script = new Script().then(new ProcConnector.Received.Dropped())
                .then(new ProcConnector.Received.Datagram(Arrays.copyOf(cut, 40)));

        List<Fact> facts = run(script, proc);

        assertEquals(2, facts.size(), () -> "facts: " + facts);
        Gap dropped = assertInstanceOf(Gap.class, facts.get(0));
        assertEquals(ExitSource.SOURCE, dropped.source());
        assertEquals(OptionalLong.empty(), dropped.lost());
        assertTrue(dropped.reason().contains("ENOBUFS"), dropped.reason());
        Gap malformed = assertInstanceOf(Gap.class, facts.get(1));
        assertEquals(OptionalLong.of(1), malformed.lost());
        assertTrue(malformed.reason().startsWith("undecodable proc connector message at byte 0: "), malformed.reason());
    }

    @Test
    void receiveFails_failureKeptAndStopReportedOnceWithoutAGap() throws Exception {
        FakeProc proc = new FakeProc(dir);
        List<Fact> facts = Collections.synchronizedList(new ArrayList<>());
        List<StopListener.Stop> stops = new CopyOnWriteArrayList<>();
        Script script = new Script();
        script.steps.add(new ProcConnectorException("recv(proc connector) failed: EBADF", 9));
        ExitSource source = new ExitSource(script, new ProcessTable(new ProcSnapshotter(proc.root, 4096, CommandLineRedactor::redact), 10),
                Clock.fixed(NOW, ZoneOffset.UTC), "boot-1", facts::add, stops::add);
        source.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stops.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        source.close();

        assertEquals("recv(proc connector) failed: EBADF", source.failure().orElseThrow().getMessage());
        assertEquals(List.of(new StopListener.Stop(NOW, "recv(proc connector) failed: EBADF")), stops);
        assertEquals(List.of(), facts, "the outage is the agent's gap, not one of the source's own");
    }

    @Test
    void close_normalStop_isNoStop() throws Exception {
        FakeProc proc = new FakeProc(dir);
        List<StopListener.Stop> stops = new CopyOnWriteArrayList<>();
        Script script = new Script();
        ExitSource source = new ExitSource(script, new ProcessTable(new ProcSnapshotter(proc.root, 4096, CommandLineRedactor::redact), 10),
                Clock.fixed(NOW, ZoneOffset.UTC), "boot-1", fact -> { }, stops::add);
        source.start();
        assertTrue(script.drained.await(5, TimeUnit.SECONDS), "script not consumed");
        source.close();
        assertEquals(List.of(), stops);
    }

    @Test
    void start_twice_rejected() throws Exception {
        FakeProc proc = new FakeProc(dir);
        ExitSource source = new ExitSource(new Script(), new ProcessTable(new ProcSnapshotter(proc.root, 4096, CommandLineRedactor::redact), 10),
                Clock.fixed(NOW, ZoneOffset.UTC), "boot-1", fact -> { }, stop -> { });
        source.start();
        try {
            assertThrows(IllegalStateException.class, source::start);
        } finally {
            source.close();
        }
    }
}
