package dev.whokilled.agent.source.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.source.LogSink;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.record.KernelRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the source against a fake journalctl: a script that records its arguments, prints the
 * prepared lines of its n-th run ({@code runN.out}, {@code runN.err}), then exits with
 * {@code runN.rc} or, without one, follows forever (sleeps) like {@code journalctl -f}.
 */
class JournalSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");
    private static final JournalSource.Retry FAST = new JournalSource.Retry(Duration.ofMillis(10), Duration.ofMillis(40));

    @TempDir
    Path dir;
    private Path journalctl;
    private final List<KernelRecord> records = new CopyOnWriteArrayList<>();
    private final List<Gap> gaps = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeEach
    void fakeJournalctl() throws IOException {
        journalctl = dir.resolve("journalctl");
        Files.writeString(journalctl, """
                #!/bin/sh
                d=$(dirname "$0")
                n=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 ))
                echo $n > "$d/count"
                echo $$ > "$d/pid"
                printf '%s\\n' "$*" >> "$d/args"
                [ -f "$d/run$n.out" ] && cat "$d/run$n.out"
                [ -f "$d/run$n.err" ] && cat "$d/run$n.err" >&2
                [ -f "$d/run$n.rc" ] && exit $(cat "$d/run$n.rc")
                exec sleep 60
                """);
        Files.setPosixFilePermissions(journalctl, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void start_firstStart_readsTheCurrentBootWithOneFilterAndDropsKernelTransport() throws Exception {
        run(1, List.of(entry("c1", "systemd", "journal", "demo.service: Main process exited, code=killed, status=9/KILL"),
                entry("c2", "kernel", "kernel", "segv[1]: segfault at 0 ip 0 sp 0 error 4"),
                entry("c3", "earlyoom", "stdout", "sending SIGTERM to process 42 uid 0 \"x\": badness 900, VmRSS 10 MiB")));
        try (JournalSource source = source(JournalSource.Mode.USERSPACE, Optional.empty())) {
            source.start();
            await(() -> records.size() == 2);
        }
        assertEquals(List.of("systemd", "earlyoom"), identifiers());
        assertEquals(List.of("--follow --no-tail --output=json --no-pager --boot SYSLOG_IDENTIFIER=systemd"
                + " SYSLOG_IDENTIFIER=systemd-oomd SYSLOG_IDENTIFIER=earlyoom + _TRANSPORT=kernel"), args());
        assertTrue(gaps.isEmpty());
    }

    @Test
    void start_withKernelMode_handsOverKernelRecordsToo() throws Exception {
        run(1, List.of(entry("c1", "kernel", "kernel", "segv[1]: segfault at 0 ip 0 sp 0 error 4"),
                entry("c2", "systemd", "journal", "demo.service: Failed with result 'signal'.")));
        try (JournalSource source = source(JournalSource.Mode.WITH_KERNEL, Optional.empty())) {
            source.start();
            await(() -> records.size() == 2);
        }
        assertEquals(List.of("kernel", "systemd"), identifiers());
    }

    @Test
    void start_withCheckpointedCursor_resumesAtItAndDropsItsEntry() throws Exception {
        run(1, List.of(entry("c7", "systemd", "journal", "old.service: Failed with result 'signal'."),
                entry("c8", "systemd", "journal", "new.service: Failed with result 'signal'.")));
        try (JournalSource source = source(JournalSource.Mode.USERSPACE, Optional.of(cursor("c7")))) {
            source.start();
            await(() -> records.size() == 1);
        }
        assertEquals(List.of("new.service: Failed with result 'signal'."), messages());
        assertTrue(args().get(0).contains(" --cursor=" + cursor("c7") + " "), args().get(0));
        assertTrue(gaps.isEmpty());
    }

    @Test
    void run_journalctlExits_restartsAtTheLastCursorWithoutDuplicates() throws Exception {
        run(1, List.of(entry("c1", "systemd", "journal", "a.service: Failed with result 'signal'."),
                entry("c2", "kernel", "kernel", "segv[1]: segfault at 0 ip 0 sp 0 error 4")));
        Files.writeString(dir.resolve("run1.err"), "Failed to iterate through journal: Bad message\n");
        Files.writeString(dir.resolve("run1.rc"), "1");
        run(2, List.of(entry("c2", "kernel", "kernel", "segv[1]: segfault at 0 ip 0 sp 0 error 4"),
                entry("c3", "systemd", "journal", "b.service: Failed with result 'signal'.")));
        try (JournalSource source = source(JournalSource.Mode.USERSPACE, Optional.empty())) {
            source.start();
            await(() -> records.size() == 2);
        }
        assertEquals(List.of("a.service: Failed with result 'signal'.", "b.service: Failed with result 'signal'."),
                messages());
        assertTrue(args().get(1).contains(" --cursor=" + cursor("c2") + " "), args().get(1));
        assertTrue(problems.get(0).contains("journalctl exited with status 1: Failed to iterate through journal"),
                problems.get(0));
        assertTrue(gaps.isEmpty());
    }

    @Test
    void run_journalctlKeepsFailing_retriesWithBoundedBackoff() throws Exception {
        for (int n = 1; n <= 4; n++) {
            Files.writeString(dir.resolve("run" + n + ".rc"), "1");
        }
        try (JournalSource source = source(JournalSource.Mode.USERSPACE, Optional.empty())) {
            source.start();
            await(() -> count() >= 5);
        }
        assertTrue(args().stream().allMatch(a -> a.contains(" --boot ")), args().toString());
        assertTrue(problems.stream().anyMatch(p -> p.endsWith("restarting it in 40 ms")), problems.toString());
        assertFalse(problems.stream().anyMatch(p -> p.endsWith("restarting it in 80 ms")), problems.toString());
    }

    @Test
    void start_checkpointedEntryVacuumed_recordsAGapFromItsTimeToTheNextEntry() throws Exception {
        run(1, List.of(entry("c9", "systemd", "journal", "c.service: Failed with result 'signal'.")));
        try (JournalSource source = source(JournalSource.Mode.USERSPACE, Optional.of(cursor("c5")))) {
            source.start();
            await(() -> records.size() == 1 && gaps.size() == 1);
        }
        Gap gap = gaps.get(0);
        assertEquals("journal", gap.source());
        assertEquals(time("c5"), gap.from());
        assertEquals(time("c9"), gap.to());
        assertTrue(gap.reason().contains("no longer holds"), gap.reason());
    }

    @Test
    void run_cursorRejected_recordsAGapAndReadsFromNow() throws Exception {
        Files.writeString(dir.resolve("run1.err"), "Failed to seek to cursor: Invalid argument\n");
        Files.writeString(dir.resolve("run1.rc"), "1");
        try (JournalSource source = source(JournalSource.Mode.USERSPACE, Optional.of("garbage"))) {
            source.start();
            await(() -> count() >= 2);
        }
        assertEquals(1, gaps.size());
        assertEquals(NOW, gaps.get(0).from());
        assertTrue(gaps.get(0).reason().contains("rejected the checkpointed cursor"), gaps.get(0).reason());
        assertTrue(args().get(1).contains(" --since=@" + NOW.getEpochSecond() + ".000000 "), args().get(1));
    }

    @Test
    void close_stopsJournalctlAndTheReader() throws Exception {
        run(1, List.of(entry("c1", "systemd", "journal", "a.service: Failed with result 'signal'.")));
        JournalSource source = source(JournalSource.Mode.USERSPACE, Optional.empty());
        source.start();
        await(() -> records.size() == 1);
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        long t0 = System.nanoTime();
        source.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(3)) < 0);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "journalctl still runs");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("journal-source")
                && t.isAlive()), "reader thread still runs");
        Thread.sleep(100);
        assertEquals(1, count(), "restarted after close");
    }

    @Test
    void start_journalctlMissing_throws() {
        JournalSource source = new JournalSource(dir.resolve("nope"), JournalSource.Mode.USERSPACE, Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC), FAST, sink(), problems::add,
                stop -> problems.add("stopped: " + stop.reason()));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, source::start);
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void cursorTime_readsTheHexadecimalWallTime() {
        // The cursor of a real entry whose __REALTIME_TIMESTAMP was 1795372054077034.
        assertEquals(Optional.of(Instant.parse("2026-11-22T18:27:34.077034Z")),
                JournalSource.cursorTime("s=705a;i=7bc;b=4ad6;m=d4000a6e;t=660e1a185de6a;x=cd25"));
        assertEquals(Optional.empty(), JournalSource.cursorTime("garbage"));
        assertEquals(Optional.empty(), JournalSource.cursorTime("t=zz"));
    }

    private JournalSource source(JournalSource.Mode mode, Optional<String> cursor) {
        return new JournalSource(journalctl, mode, cursor, Clock.fixed(NOW, ZoneOffset.UTC), FAST, sink(), problems::add,
                stop -> problems.add("stopped: " + stop.reason()));
    }

    private LogSink sink() {
        return new LogSink() {
            @Override
            public void record(KernelRecord record) {
                records.add(record);
            }

            @Override
            public void gap(Gap gap) {
                gaps.add(gap);
            }
        };
    }

    /** A fake cursor whose wall time grows with its number: entry cN was received N minutes before NOW. */
    private static String cursor(String name) {
        long micros = (time(name).getEpochSecond()) * 1_000_000L;
        return "s=0123;i=" + name.substring(1) + ";b=b00t;m=1;t=" + Long.toHexString(micros) + ";x=1";
    }

    private static Instant time(String name) {
        return NOW.minus(Duration.ofMinutes(100 - Integer.parseInt(name.substring(1))));
    }

    private static String entry(String name, String identifier, String transport, String message) {
        long micros = time(name).getEpochSecond() * 1_000_000L;
        String facility = transport.equals("kernel") ? "0" : "3";
        return "{\"__CURSOR\":\"" + cursor(name) + "\",\"__REALTIME_TIMESTAMP\":\"" + micros
                + "\",\"__MONOTONIC_TIMESTAMP\":\"5000000\",\"_BOOT_ID\":\"b00t\",\"_TRANSPORT\":\"" + transport
                + "\",\"SYSLOG_FACILITY\":\"" + facility + "\",\"SYSLOG_IDENTIFIER\":\"" + identifier
                + "\",\"MESSAGE\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    private void run(int n, List<String> lines) throws IOException {
        Files.write(dir.resolve("run" + n + ".out"), lines);
    }

    private List<String> args() throws IOException {
        return Files.readAllLines(dir.resolve("args"));
    }

    private int count() {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("count")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private List<String> identifiers() {
        return records.stream().map(r -> r.provenance().identifier().orElse("?")).toList();
    }

    private List<String> messages() {
        return records.stream().map(KernelRecord::message).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
