package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.testing.LivePrerequisites;
import dev.whokilled.agent.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {
    private static final StoreConfig SMALL = new StoreConfig(1000, 1_000_000, Duration.ofDays(30));

    @TempDir
    Path tmp;

    @Test
    void flush_everyType_readsBackExactlyInOrder() throws IOException {
        Path dir = tmp.resolve("store");
        List<StoreEntry> written = Samples.everyType(Samples.T0, "Out of memory: Killed process 4242 (java)");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            written.forEach(store::append);
            assertEquals(written.size(), store.pendingEntries());
            EventStore.Flushed flushed = store.flush();
            assertEquals(written.size(), flushed.entries());
            assertEquals(List.of(dir.resolve("events-20261122T175300Z.jsonl")), flushed.startedSegments());
            assertEquals(0, store.pendingEntries());
        }
        assertEquals(written, readAll(dir));
    }

    @Test
    void close_flushesWhatIsBuffered() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            store.append(Samples.numbered(1, Samples.T0));
        }
        assertEquals(List.of(Samples.numbered(1, Samples.T0)), readAll(dir));
    }

    @Test
    void open_tornLastLineAtEveryOffset_keepsCompleteEntriesOnceAndDropsTheTornOne() throws IOException {
        Path master = tmp.resolve("master");
        List<StoreEntry> complete = Samples.everyType(Samples.T0, "complete\nentry");
        StoreEntry torn = StoreEntry.of(Samples.kernel("torn \u0000 entry \ud800 é"), Samples.T0.plusSeconds(1));
        try (EventStore store = EventStore.open(master, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            complete.forEach(store::append);
            store.append(torn);
            store.flush();
        }
        Path segment = onlySegment(master);
        byte[] bytes = Files.readAllBytes(segment);
        int lastLineStart = lastLineStart(bytes);
        StoreEntry after = Samples.numbered(77, Samples.T0.plusSeconds(2));

        for (int keep = 0; keep < bytes.length - lastLineStart; keep++) { // keep < whole line: the newline is missing
            Path dir = tmp.resolve("cut" + keep);
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, FileModes.DIRECTORY);
            Path copy = dir.resolve(segment.getFileName());
            Files.write(copy, java.util.Arrays.copyOf(bytes, lastLineStart + keep));
            try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
                assertEquals(keep, store.opened().droppedBytes(), "dropped bytes when keeping " + keep);
                assertEquals(Optional.of(copy), store.opened().resumedSegment());
                store.append(after);
                store.flush();
            }
            List<StoreEntry> expected = new ArrayList<>(complete);
            expected.add(after);
            StoreReader.ScanStats[] stats = new StoreReader.ScanStats[1];
            assertEquals(expected, readAll(dir, stats), "entries when keeping " + keep + " bytes of the last line");
            assertEquals(0, stats[0].corruptLines());
        }
    }

    @Test
    void open_completeButUnparseableLastLine_isDropped() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            store.append(Samples.numbered(1, Samples.T0));
        }
        Path segment = onlySegment(dir);
        byte[] garbage = "\u0000\u0000{\"v\":1,\"type\":\"exi\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(segment, garbage, StandardOpenOption.APPEND);
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            assertEquals(garbage.length, store.opened().droppedBytes());
        }
        assertEquals(List.of(Samples.numbered(1, Samples.T0)), readAll(dir));
    }

    @Test
    void flush_pastMaxSegmentBytes_rotatesWithIncreasingNamesAndNoOversizedSegment() throws IOException {
        Path dir = tmp.resolve("store");
        List<StoreEntry> written = IntStream.rangeClosed(1, 60)
                .mapToObj(i -> Samples.numbered(i, Samples.T0.plusMillis(10L * i))).collect(Collectors.toList());
        try (EventStore store = EventStore.open(dir, SMALL, new MutableClock(Samples.T0))) {
            for (int i = 0; i < written.size(); i++) {
                store.append(written.get(i));
                if (i % 7 == 0) {
                    store.flush();
                }
            }
        }
        List<Segments.Segment> segments = Segments.list(dir);
        assertTrue(segments.size() > 3, "segments: " + segments);
        for (int i = 0; i < segments.size(); i++) {
            assertTrue(Files.size(segments.get(i).path()) <= SMALL.maxSegmentBytes());
            if (i > 0) {
                assertTrue(segments.get(i).start().isAfter(segments.get(i - 1).start()));
            }
        }
        assertEquals(written, readAll(dir));
    }

    @Test
    void flush_entryLargerThanSegment_getsASegmentOfItsOwn() throws IOException {
        Path dir = tmp.resolve("store");
        StoreEntry big = StoreEntry.of(Samples.bareKernel("x".repeat(5000)), Samples.T0.plusSeconds(1));
        try (EventStore store = EventStore.open(dir, SMALL, new MutableClock(Samples.T0))) {
            store.append(Samples.numbered(1, Samples.T0));
            store.append(big);
            store.append(Samples.numbered(2, Samples.T0.plusSeconds(2)));
            assertEquals(3, store.flush().startedSegments().size());
        }
        assertEquals(List.of(Samples.numbered(1, Samples.T0), big, Samples.numbered(2, Samples.T0.plusSeconds(2))),
                readAll(dir));
    }

    @Test
    void rotation_afterClockSteppedBack_namesStillIncreaseAndBoundThePreviousSegment() throws IOException {
        Path dir = tmp.resolve("store");
        StoreConfig tiny = new StoreConfig(100, 1_000_000, Duration.ofDays(30));
        try (EventStore store = EventStore.open(dir, tiny, new MutableClock(Samples.T0))) {
            store.append(Samples.numbered(1, Samples.T0.plusSeconds(3600)));
            store.append(Samples.numbered(2, Samples.T0)); // the wall clock stepped back an hour
            store.append(Samples.numbered(3, Samples.T0));
            store.flush();
        }
        List<Instant> starts = Segments.list(dir).stream().map(Segments.Segment::start).collect(Collectors.toList());
        assertEquals(List.of(Instant.parse("2026-11-22T18:53:00Z"), Instant.parse("2026-11-22T18:53:01Z"),
                Instant.parse("2026-11-22T18:53:02Z")), starts);
    }

    @Test
    void retention_overTotalSize_deletesOldestButNeverTheActiveSegment() throws IOException {
        Path dir = tmp.resolve("store");
        StoreConfig config = new StoreConfig(300, 700, Duration.ofDays(30));
        List<Path> deleted = new ArrayList<>();
        try (EventStore store = EventStore.open(dir, config, new MutableClock(Samples.T0))) {
            long total = 0;
            for (int i = 1; i <= 40; i++) {
                store.append(Samples.numbered(i, Samples.T0.plusSeconds(i)));
                deleted.addAll(store.flush().deletedSegments());
                total = 0;
                for (Segments.Segment s : Segments.list(dir)) {
                    total += Files.size(s.path());
                }
                assertEquals(total, store.bytes(), "the store's own count, after flush " + i);
            }
            assertTrue(total <= config.maxTotalBytes(), "total " + total);
        }
        assertFalse(deleted.isEmpty());
        deleted.forEach(p -> assertFalse(Files.exists(p), p::toString));
        List<StoreEntry> left = readAll(dir);
        assertEquals(Samples.numbered(40, Samples.T0.plusSeconds(40)), left.get(left.size() - 1));
        // what is left is a suffix: oldest deleted first, no holes
        int first = Samples.number(left.get(0));
        assertEquals(IntStream.rangeClosed(first, 40).boxed().collect(Collectors.toList()),
                left.stream().map(Samples::number).collect(Collectors.toList()));
    }

    @Test
    void retention_byAge_deletesExpiredSegmentsOnFlushAndOpenButNotTheActiveOne() throws IOException {
        Path dir = tmp.resolve("store");
        MutableClock clock = new MutableClock(Samples.T0);
        StoreConfig config = new StoreConfig(100, 1_000_000, Duration.ofDays(30));
        try (EventStore store = EventStore.open(dir, config, clock)) {
            store.append(Samples.numbered(1, Samples.T0));
            store.append(Samples.numbered(2, Samples.T0.plus(Duration.ofDays(10))));
            store.append(Samples.numbered(3, Samples.T0.plus(Duration.ofDays(20))));
            store.flush();
            assertEquals(3, Segments.list(dir).size());
            clock.advance(Duration.ofDays(35)); // cutoff day 5
            assertEquals(List.of(), store.flush().deletedSegments(), "cutoff is day 5, segment 1 ends at day 10");
            clock.advance(Duration.ofDays(6)); // cutoff day 11: segment 1 (ends day 10) expired
            assertEquals(1, store.flush().deletedSegments().size());
        }
        clock.advance(Duration.ofDays(365));
        try (EventStore store = EventStore.open(dir, config, clock)) {
            assertEquals(1, store.opened().deletedSegments().size(), "segment 2 expired; segment 3 is active");
        }
        assertEquals(List.of(Samples.numbered(3, Samples.T0.plus(Duration.ofDays(20)))), readAll(dir));
    }

    @Test
    void open_secondWriter_isRefusedWithHolderPid() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore first = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            IOException e = assertThrows(IOException.class,
                    () -> EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0)));
            assertEquals("store " + dir + " is in use by another whokilled agent (pid " + ProcessHandle.current().pid()
                    + "); stop it or choose another store directory", e.getMessage());
            first.append(Samples.numbered(1, Samples.T0)); // the refused open did not disturb the holder
            first.flush();
        }
        try (EventStore again = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            assertEquals(Optional.of(onlySegment(dir)), again.opened().resumedSegment());
        }
    }

    @Test
    void open_lockHeldByAnotherProcess_namesItsPid() throws Exception {
        Optional<Path> found = LivePrerequisites.onPath("python3");
        LivePrerequisites.require(found.isPresent(), "python3 is needed to hold a POSIX lock from another process");
        Path python = found.orElseThrow();
        Path dir = tmp.resolve("store");
        EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0)).close();
        String script = "import fcntl,os,sys,time\n"
                + "f=open(sys.argv[1],'r+'); fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n"
                + "f.truncate(0); f.write(str(os.getpid())+'\\n'); f.flush(); print('locked',flush=True); time.sleep(30)\n";
        Process holder = new ProcessBuilder(python.toString(), "-c", script, dir.resolve("lock").toString())
                .redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine();
            assertEquals("locked", line);
            IOException e = assertThrows(IOException.class,
                    () -> EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0)));
            assertTrue(e.getMessage().contains("in use by another whokilled agent (pid " + holder.pid() + ")"),
                    e.getMessage());
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void open_createsDirectory0750AndFiles0640() throws IOException {
        Path dir = tmp.resolve("a/b/store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            store.append(Samples.numbered(1, Samples.T0));
            store.flush();
            store.writeCheckpoint(new Checkpoint(Optional.of(Samples.BOOT), OptionalLong.of(5), Optional.empty()));
        }
        assertEquals("rwxr-x---", mode(dir));
        try (var files = Files.list(dir)) {
            List<Path> all = files.collect(Collectors.toList());
            assertEquals(3, all.size(), all::toString); // lock, checkpoint, one segment
            for (Path f : all) {
                assertEquals("rw-r-----", mode(f), f::toString);
            }
        }
    }

    @Test
    void open_worldWritableDirectory_isRefusedNamingPathAndMode() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class,
                () -> EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0)));
        assertTrue(e.getMessage().startsWith("store directory " + dir + " is world-writable (mode 0777); refusing"),
                e.getMessage());
        assertThrows(IOException.class, () -> StoreReader.open(dir));
    }

    @Test
    void open_worldWritableSegment_isRefused() throws IOException {
        Path dir = tmp.resolve("store");
        EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0)).close();
        Path segment = dir.resolve("events-20261122T175300Z.jsonl");
        Files.createFile(segment);
        Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("rw-rw-rw-"));
        IOException e = assertThrows(IOException.class,
                () -> EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0)));
        assertTrue(e.getMessage().startsWith("store segment " + segment + " is world-writable (mode 0666)"),
                e.getMessage());
        // the failed open released the lock
        Files.setPosixFilePermissions(segment, FileModes.FILE);
        EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0)).close();
    }

    @Test
    void checkpoint_roundTripsAndReplacesAtomically() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            assertEquals(Optional.empty(), store.readCheckpoint());
            Checkpoint first = new Checkpoint(Optional.of(Samples.BOOT), OptionalLong.of(4711), Optional.empty());
            store.writeCheckpoint(first);
            assertEquals(Optional.of(first), store.readCheckpoint());
            Checkpoint second = new Checkpoint(Optional.empty(), OptionalLong.empty(), Optional.of("s=abc;i=1f\n\"x"));
            store.writeCheckpoint(second);
            assertEquals(Optional.of(second), store.readCheckpoint());
        }
        assertFalse(Files.exists(dir.resolve("checkpoint.json.tmp")));
        assertEquals("{\"v\":1,\"journal_cursor\":\"s=abc;i=1f\\n\\\"x\"}\n",
                Files.readString(dir.resolve("checkpoint.json")));
    }

    @Test
    void checkpoint_corrupt_isReportedNotIgnored() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            Files.writeString(dir.resolve("checkpoint.json"), "{\"v\":1,\"kmsg_seq\":\"x\"}");
            IOException e = assertThrows(IOException.class, store::readCheckpoint);
            assertTrue(e.getMessage().contains("kmsg_seq must be an integer"), e.getMessage());
        }
    }

    @Test
    void append_afterClose_isRefused() throws IOException {
        EventStore store = EventStore.open(tmp.resolve("store"), StoreConfig.defaults(), new MutableClock(Samples.T0));
        store.close();
        assertThrows(IllegalStateException.class, () -> store.append(Samples.numbered(1, Samples.T0)));
    }

    static List<StoreEntry> readAll(Path dir) throws IOException {
        return readAll(dir, new StoreReader.ScanStats[1]);
    }

    static List<StoreEntry> readAll(Path dir, StoreReader.ScanStats[] stats) throws IOException {
        List<StoreEntry> entries = new ArrayList<>();
        stats[0] = StoreReader.open(dir).scan(TimeWindow.ALL, entries::add);
        return entries;
    }

    private static Path onlySegment(Path dir) throws IOException {
        List<Segments.Segment> segments = Segments.list(dir);
        assertEquals(1, segments.size(), segments::toString);
        return segments.get(0).path();
    }

    private static int lastLineStart(byte[] bytes) {
        int i = bytes.length - 2; // skip the final newline
        while (i >= 0 && bytes[i] != '\n') {
            i--;
        }
        return i + 1;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
