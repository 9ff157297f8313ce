package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.KernelRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent keeps, decided against a real store: deaths with their signals, and nothing else. */
class RecorderTest {
    private static final Instant T0 = Instant.parse("2026-11-22T18:00:00Z");
    private static final ProcessIdentity BASH = new ProcessIdentity(900, OptionalLong.of(100), OptionalInt.of(1),
            Optional.of("bash"), Optional.of("bash -c kill -9 4242"), OptionalLong.of(1000), Optional.empty());

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private EventStore store;
    private Recorder recorder;
    /** What the recorder handed on to the exports, besides the store. */
    private final List<StoreEntry> handedOn = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = EventStore.open(dir, StoreConfig.defaults(), clock);
        AgentConfig config = new AgentConfig(StoreConfig.defaults(), List.of(Pattern.compile("postgres")),
                Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofMillis(100), true, "whokilled",
                ExportConfig.defaults(), Optional.empty());
        recorder = new Recorder(store, config, pid -> pid == 900 || pid == 905 ? Optional.of(BASH) : Optional.empty() /* 905: a thread of 900 */, clock, "boot",
                OptionalLong.empty(), Optional.empty(), handedOn::add);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private static SignalSent signal(int sig, int target, long monoNanos) {
        return new SignalSent(sig, 0, target, Optional.of("sleep"), true, 0, 900, OptionalInt.of(900), Optional.of("bash"),
                monoNanos, T0, Optional.empty());
    }

    private static ProcessExit exit(int pid, int waitStatus, long monoNanos, String comm) {
        return new ProcessExit(pid, waitStatus, monoNanos, T0, "boot", OptionalInt.of(900), Optional.of(new ProcessIdentity(
                pid, OptionalLong.of(200), OptionalInt.of(900), Optional.of(comm), Optional.of(comm), OptionalLong.of(0),
                Optional.empty())), List.of());
    }

    private List<StoreEntry> stored() throws Exception {
        clock.now = clock.now.plusSeconds(1);
        recorder.tick();
        recorder.flush();
        List<StoreEntry> out = new ArrayList<>();
        StoreReader.open(dir).scan(TimeWindow.ALL, out::add);
        assertEquals(out.size(), handedOn.size(), "every stored entry is handed on to the exports too");
        return out;
    }

    @Test
    void exitBySignal_storedWithItsSignalAndTheSendersIdentity() throws Exception {
        recorder.fact(signal(9, 4242, 1_000));
        recorder.fact(exit(4242, 9, 2_000, "sleep"));
        List<StoreEntry> entries = stored();
        assertEquals(2, entries.size());
        SignalSent s = (SignalSent) ((StoreEntry.FactEntry) entries.get(0)).fact();
        assertEquals(Optional.of(BASH), s.sender());
        assertTrue(((StoreEntry.FactEntry) entries.get(1)).fact() instanceof ProcessExit);
    }

    @Test
    void senderWithAStaleTgidFromTheTrace_isTheProcessItsThreadIdNames() throws Exception {
        // sh 7693, forked by a JVM, sent the signal; the trace's tgid cache still held a JVM thread's (7650)
        ProcessIdentity sh = new ProcessIdentity(7693, OptionalLong.of(300), OptionalInt.of(7650), Optional.of("sh"),
                Optional.of("sh -c kill -TERM 4242"), OptionalLong.of(0), Optional.empty());
        recorder.fact(new ProcessExit(7693, 0, 500, T0, "boot", OptionalInt.of(7650), Optional.of(sh), List.of()));
        recorder.fact(new SignalSent(15, 0, 4242, Optional.of("sleep"), true, 0, 7693, OptionalInt.of(7650),
                Optional.of("pool-1-thread-1"), 1_000, T0, Optional.empty()));
        recorder.fact(exit(4242, 15, 2_000, "sleep"));
        SignalSent stored = (SignalSent) ((StoreEntry.FactEntry) stored().get(0)).fact();
        assertEquals(OptionalInt.of(7693), stored.senderTgid());
        assertEquals(Optional.of("sh"), stored.senderComm());
        assertEquals(Optional.of(sh), stored.sender());
    }

    @Test
    void senderAThreadTheTableKnows_isItsProcess_whateverTgidTheTraceCached() throws Exception {
        // thread 905 of bash (900) sent it; the trace's cache still said 905 was a process of its own
        recorder.fact(new SignalSent(9, 0, 4242, Optional.of("sleep"), true, 0, 905, OptionalInt.of(905),
                Optional.of("worker"), 1_000, T0, Optional.empty()));
        recorder.fact(exit(4242, 9, 2_000, "sleep"));
        SignalSent stored = (SignalSent) ((StoreEntry.FactEntry) stored().get(0)).fact();
        assertEquals(OptionalInt.of(900), stored.senderTgid());
        assertEquals(Optional.of(BASH), stored.sender());
        assertEquals(Optional.of("bash"), stored.senderComm());
    }

    @Test
    void exitZero_storesNothingAndForgetsItsSignals() throws Exception {
        recorder.fact(signal(15, 4242, 1_000));
        recorder.fact(exit(4242, 0, 2_000, "sleep"));
        assertEquals(List.of(), stored());
    }

    @Test
    void nonZeroExit_storedOnlyForConfiguredNames() throws Exception {
        recorder.fact(exit(10, 3 << 8, 1_000, "sh"));
        recorder.fact(exit(11, 3 << 8, 2_000, "postgres"));
        List<StoreEntry> entries = stored();
        assertEquals(1, entries.size());
        assertEquals(11, ((ProcessExit) ((StoreEntry.FactEntry) entries.get(0)).fact()).pid());
    }

    @Test
    void signalTracedAfterItsDeathWasSettled_isStillStoredWithIt() throws Exception {
        recorder.fact(exit(4242, 9, 2_000, "sleep"));
        clock.now = clock.now.plusSeconds(1);
        recorder.tick();
        recorder.fact(signal(9, 4242, 1_000)); // stamped before the exit, delivered late by the trace reader
        assertEquals(2, stored().size());
    }

    @Test
    void signalAfterTheDeath_waitsForTheNextProcessWithThatPid() throws Exception {
        recorder.fact(signal(9, 4242, 3_000)); // to the next holder of pid 4242
        recorder.fact(exit(4242, 9, 2_000, "first"));
        recorder.fact(exit(4242, 9, 4_000, "second"));
        List<StoreEntry> entries = stored();
        assertEquals(3, entries.size());
        assertEquals("second", ((ProcessExit) ((StoreEntry.FactEntry) entries.get(2)).fact()).identity().orElseThrow()
                .comm().orElseThrow());
        assertTrue(((StoreEntry.FactEntry) entries.get(1)).fact() instanceof SignalSent);
    }

    @Test
    void signalWithoutDeath_droppedAfterTheWindow() throws Exception {
        recorder.fact(signal(15, 4242, 1_000));
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        recorder.tick();
        recorder.fact(exit(4242, 9, 2_000, "sleep"));
        List<StoreEntry> entries = stored();
        assertEquals(1, entries.size(), "the old signal no longer explains a death");
    }

    @Test
    void signalPastTheWindow_noTickBetween_doesNotExplainTheDeath() throws Exception {
        recorder.fact(signal(15, 4242, 1_000));
        clock.now = clock.now.plus(Duration.ofMinutes(11)); // an idle writer: no tick until the exit settles
        recorder.fact(exit(4242, 9, 2_000, "sleep"));
        assertEquals(1, stored().size(), "the signal is forgotten before the exit settles");
    }

    @Test
    void settleDue_onlyExitsThatMayBeStored_settleOnTime() throws Exception {
        recorder.fact(exit(10, 0, 1_000, "sh"));
        recorder.fact(exit(11, 3 << 8, 1_500, "sh"));
        assertEquals(Optional.empty(), recorder.settleDue(), "exits that are never stored set no deadline");
        recorder.fact(exit(4242, 9, 2_000, "sleep"));
        assertEquals(Optional.of(T0.plusMillis(200)), recorder.settleDue());
        clock.now = T0.plusMillis(199);
        recorder.tick();
        assertTrue(!recorder.unflushed(), "not settled before 200 ms");
        clock.now = T0.plusMillis(200);
        recorder.tick();
        assertTrue(recorder.unflushed(), "settled at 200 ms, waiting for the flush");
        assertEquals(Optional.empty(), recorder.settleDue());
        recorder.flush();
        assertTrue(!recorder.unflushed());
    }

    @Test
    void checkpointDue_heartbeatAfterTheLastCheckpoint() throws Exception {
        assertTrue(!recorder.checkpointDue().isAfter(clock.now), "no checkpoint yet: due at once");
        recorder.flush();
        assertEquals(clock.now.plus(Recorder.HEARTBEAT), recorder.checkpointDue());
        clock.now = clock.now.plusSeconds(10);
        recorder.flush();
        assertEquals(clock.now.minusSeconds(10).plus(Recorder.HEARTBEAT), recorder.checkpointDue(),
                "a flush with nothing to store does not move the heartbeat");
    }

    @Test
    void kernelRecords_onlyThoseAParserCanUse() throws Exception {
        recorder.kernel(KernelRecord.kernel(0, 5_000_000, "eth0: link up"));
        recorder.kernel(KernelRecord.kernel(0, 6_000_000, "segv[77]: segfault at 0 ip 0 sp 0 error 4 in segv[400000+1000]"));
        List<StoreEntry> entries = stored();
        assertEquals(1, entries.size());
        assertTrue(((StoreEntry.KernelEntry) entries.get(0)).record().message().contains("segfault"));
    }
}
