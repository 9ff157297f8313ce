package dev.whokilled.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Doctor's store section over temporary stores and a fake /proc. */
class StoreProbeTest {
    private static final Instant T0 = Instant.parse("2026-11-22T17:53:00Z");

    @TempDir
    Path tmp;

    private Path proc;
    private Path store;

    @BeforeEach
    void fakeProc() throws IOException {
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "boot-1\n");
        Files.writeString(proc.resolve("vmstat"), "nr_free_pages 1\noom_kill 3\npgfault 9\n");
        store = tmp.resolve("store");
    }

    /** Scans with the raw reader, claiming {@code oomKills} explained kills. */
    private static StoreProbe.Scan rawScan(Path dir, long oomKills) {
        return entries -> new StoreProbe.Scanned(StoreReader.open(dir).scan(TimeWindow.ALL, entries), oomKills);
    }

    private void writeStore() throws IOException {
        try (EventStore s = EventStore.open(store, StoreConfig.defaults(), Clock.fixed(T0, ZoneOffset.UTC))) {
            s.append(StoreEntry.of(new ProcessExit(4242, 9, 1_000, T0, "boot-1", OptionalInt.empty(), Optional.empty(),
                    List.of())));
            s.append(StoreEntry.of(new Gap("kmsg", T0.minusSeconds(240), T0.minusSeconds(200), OptionalLong.of(17),
                    "ring buffer overwritten (EPIPE)", T0.minusSeconds(100))));
            s.append(StoreEntry.of(new Gap("agent", T0.minusSeconds(3600), T0.minusSeconds(3000), OptionalLong.empty(),
                    "agent down", T0.minusSeconds(60))));
            s.flush();
        }
    }

    @Test
    void checks_noStore_saysHowToStartTheAgentAndStillCountsKernelKills() {
        List<Check> checks = new StoreProbe(proc).checks(store, rawScan(store, 0));
        assertEquals(2, checks.size());
        assertEquals(Check.Status.MISSING, checks.get(0).status());
        assertTrue(checks.get(0).detail().contains("does not exist"), checks.get(0).detail());
        assertTrue(checks.get(1).detail().startsWith("the kernel counted 3 OOM kills this boot"), checks.get(1).detail());
    }

    @Test
    void checks_cleanlyClosedStore_rangeNewestGapModesAndNoWriter() throws IOException {
        writeStore();
        List<Check> checks = new StoreProbe(proc).checks(store, rawScan(store, 2));
        assertEquals(4, checks.size());
        Check contents = checks.get(0);
        assertEquals(Check.Status.OK, contents.status());
        assertTrue(contents.detail().startsWith("1 segment(s), "), contents.detail());
        assertTrue(contents.detail().contains("3 entries observed 2026-11-22 17:51:20 to 2026-11-22 17:53:00 UTC"),
                contents.detail());
        assertTrue(contents.detail().contains("newest gap: 2026-11-22 17:49:00 to 2026-11-22 17:49:40 UTC (kmsg: ring buffer"
                + " overwritten (EPIPE), 17 lost)"), contents.detail());
        Check health = checks.get(1);
        assertEquals(Check.Status.OK, health.status(), health.detail());
        assertEquals("modes 0750/0640; 3 entries read, 0 corrupt line(s)", health.detail());
        assertEquals(Check.Status.DEGRADED, checks.get(2).status());
        assertEquals("lock free: the last agent stopped cleanly", checks.get(2).detail());
        assertEquals(Check.Status.DEGRADED, checks.get(3).status());
        assertEquals("the kernel counted 3 OOM kills this boot (/proc/vmstat oom_kill); the store explains 2 of them",
                checks.get(3).detail());
    }

    @Test
    void checks_openStore_lockHeldByARunningProcess() throws IOException {
        long self = ProcessHandle.current().pid();
        Files.createDirectories(proc.resolve(Long.toString(self)));
        Files.writeString(proc.resolve(self + "/comm"), "java\n");
        try (EventStore s = EventStore.open(store, StoreConfig.defaults(), Clock.fixed(T0, ZoneOffset.UTC))) {
            Check writer = new StoreProbe(proc).checks(store, rawScan(store, 3)).get(2);
            assertEquals(Check.Status.OK, writer.status());
            assertEquals("held by a running agent, pid " + self + " (java)", writer.detail());
        }
    }

    @Test
    void checks_lockOfADeadAgent_saysItEndedWithoutClosing() throws IOException {
        writeStore();
        Files.writeString(store.resolve("lock"), "999999\n");
        Check writer = new StoreProbe(proc).checks(store, rawScan(store, 0)).get(2);
        assertEquals(Check.Status.DEGRADED, writer.status());
        assertTrue(writer.detail().startsWith("the lock names pid 999999, which is not running"), writer.detail());
    }

    @Test
    void checks_corruptLinesAndWorldReadableSegment_degradedWithCountAndFix() throws IOException {
        writeStore();
        Path segment;
        try (var files = Files.list(store)) {
            segment = files.filter(p -> p.getFileName().toString().startsWith("events-")).findFirst().orElseThrow();
        }
        Files.writeString(segment, "{not json\n", java.nio.file.StandardOpenOption.APPEND);
        Check health = new StoreProbe(proc).checks(store, rawScan(store, 0)).get(1);
        assertEquals(Check.Status.DEGRADED, health.status());
        assertTrue(health.detail().contains("3 entries read, 1 corrupt line(s)"), health.detail());
        Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("rw-r--r--"));
        health = new StoreProbe(proc).checks(store, rawScan(store, 0)).get(1);
        assertEquals(Check.Status.DEGRADED, health.status());
        assertTrue(health.detail().contains("world-readable: " + segment.getFileName() + " 0644"), health.detail());
    }

    @Test
    void checks_worldWritableDirectory_missingAndNotRead() throws IOException {
        writeStore();
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<Check> checks = new StoreProbe(proc).checks(store, rawScan(store, 0));
        assertEquals(Check.Status.MISSING, checks.get(1).status());
        assertTrue(checks.get(1).detail().startsWith("world-writable: directory 0777"), checks.get(1).detail());
        assertTrue(checks.get(3).detail().contains("no readable store"), checks.get(3).detail());
    }

    @Test
    void checks_kernelWithoutTheCounter_saysSoInsteadOfZero() throws IOException {
        Files.writeString(proc.resolve("vmstat"), "nr_free_pages 1\n");
        Check oom = new StoreProbe(proc).checks(store, rawScan(store, 0)).get(1);
        assertEquals(Check.Status.DEGRADED, oom.status());
        assertTrue(oom.detail().contains("no oom_kill counter"), oom.detail());
    }
}
