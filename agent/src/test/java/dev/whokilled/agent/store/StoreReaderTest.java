package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreReaderTest {
    private static final Duration POLL = Duration.ofMillis(1);

    @TempDir
    Path tmp;

    @Test
    void scan_window_skipsSegmentsEndingBeforeSinceAndFiltersEntries() throws IOException {
        Path dir = tmp.resolve("store");
        StoreConfig onePerSegment = new StoreConfig(10, 1_000_000, Duration.ofDays(30));
        try (EventStore store = EventStore.open(dir, onePerSegment, new MutableClock(Samples.T0))) {
            for (int i = 0; i < 10; i++) {
                store.append(Samples.numbered(i + 1, Samples.T0.plus(Duration.ofHours(i))));
            }
            store.flush();
        }
        assertEquals(10, Segments.list(dir).size());
        List<StoreEntry> seen = new ArrayList<>();
        StoreReader.ScanStats stats = StoreReader.open(dir).scan(
                TimeWindow.between(Samples.T0.plus(Duration.ofHours(5)), Samples.T0.plus(Duration.ofHours(7))), seen::add);
        assertEquals(List.of(6, 7, 8), seen.stream().map(Samples::number).collect(Collectors.toList()));
        assertEquals(new StoreReader.ScanStats(3, 0, 0, 5, 5), stats);
    }

    @Test
    void scan_entriesAppendedOutOfOrder_areDeliveredInTimeOrder() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            store.append(Samples.numbered(2, Samples.T0.plusMillis(20)));
            store.append(Samples.numbered(1, Samples.T0.plusMillis(10)));
            store.append(Samples.numbered(3, Samples.T0.plusMillis(20)));
        }
        List<StoreEntry> seen = new ArrayList<>();
        StoreReader.open(dir).scan(TimeWindow.ALL, seen::add);
        assertEquals(List.of(1, 2, 3), seen.stream().map(Samples::number).collect(Collectors.toList()));
    }

    @Test
    void scan_corruptAndUnsupportedLines_areCountedNotThrown() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectory(dir);
        String good1 = line(Samples.numbered(1, Samples.T0));
        String good2 = line(Samples.numbered(2, Samples.T0.plusSeconds(1)));
        String good3 = line(Samples.numbered(3, Samples.T0.plusSeconds(3600)));
        Files.writeString(dir.resolve("events-20261122T175300Z.jsonl"), good1 + "garbage\n"
                + "{\"v\":2,\"type\":\"exit\"}\n" + "{\"v\":1,\"type\":\"oops\"}\n" + "\n" + good2 + "{\"v\":1,\"ty");
        Files.writeString(dir.resolve("events-20261122T185300Z.jsonl"), good3 + "{\"v\":1,\"type\":\"gap\"");
        List<StoreEntry> seen = new ArrayList<>();
        StoreReader.ScanStats stats = StoreReader.open(dir).scan(TimeWindow.ALL, seen::add);
        assertEquals(List.of(1, 2, 3), seen.stream().map(Samples::number).collect(Collectors.toList()));
        // garbage, the empty line, and the torn tail of the older segment; the newest segment's tail may
        // be a write in progress and is not counted
        assertEquals(new StoreReader.ScanStats(3, 3, 2, 2, 0), stats);
    }

    @Test
    void open_missingDirectory_saysNoStoreThere() {
        Path dir = tmp.resolve("nothing");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> StoreReader.open(dir));
        assertTrue(e.getMessage().contains("no whokilled store there"), e.getMessage());
    }

    @Test
    void follow_concurrentWriterAppendingAndRotating_seesEveryEntryOnceInOrder() throws Exception {
        Path dir = tmp.resolve("store");
        int n = 3000;
        StoreConfig config = new StoreConfig(2000, 1L << 30, Duration.ofDays(30));
        EventStore store = EventStore.open(dir, config, new MutableClock(Samples.T0));
        List<StoreEntry> seen = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        AtomicReference<StoreReader.ScanStats> stats = new AtomicReference<>();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                stats.set(StoreReader.open(dir, POLL, d -> Thread.sleep(d.toMillis())).follow(
                        Optional.of(Instant.EPOCH), () -> seen.size() >= n || System.nanoTime() > deadline, seen::add));
            } catch (Throwable t) {
                readerFailure.set(t);
            }
        }, "store-follower");
        reader.start();
        Random random = new Random(42);
        try (store) {
            for (int i = 1; i <= n; i++) {
                store.append(Samples.numbered(i, Samples.T0.plusMillis(i)));
                if (random.nextInt(10) == 0) {
                    store.flush();
                }
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(70));
        assertEquals(null, readerFailure.get());
        assertTrue(Segments.list(dir).size() > 20, "the writer rotated while the reader followed");
        assertEquals(IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList()),
                seen.stream().map(Samples::number).collect(Collectors.toList()));
        assertEquals(0, stats.get().corruptLines());
    }

    @Test
    void follow_fromEnd_deliversOnlyEntriesStoredAfterItStarted() throws Exception {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            store.append(Samples.numbered(1, Samples.T0));
            store.append(Samples.numbered(2, Samples.T0));
            store.flush();
            CountDownLatch polled = new CountDownLatch(1);
            List<StoreEntry> seen = Collections.synchronizedList(new ArrayList<>());
            StoreReader reader = StoreReader.open(dir, POLL, d -> {
                polled.countDown();
                Thread.sleep(1);
            });
            Thread follower = new Thread(() -> {
                try {
                    reader.follow(Optional.empty(), () -> seen.size() >= 1, seen::add);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            follower.start();
            assertTrue(polled.await(10, TimeUnit.SECONDS));
            store.append(Samples.numbered(3, Samples.T0.plusSeconds(1)));
            store.flush();
            follower.join(10_000);
            assertEquals(List.of(3), seen.stream().map(Samples::number).collect(Collectors.toList()));
        }
    }

    @Test
    void follow_partialLine_isDeliveredOnlyOnceComplete() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectory(dir);
        Path segment = dir.resolve("events-20261122T175300Z.jsonl");
        String first = line(Samples.numbered(1, Samples.T0));
        String second = line(Samples.numbered(2, Samples.T0));
        int cut = second.length() / 2;
        Files.writeString(segment, first + second.substring(0, cut));
        List<StoreEntry> seen = new ArrayList<>();
        AtomicInteger sleeps = new AtomicInteger();
        StoreReader reader = StoreReader.open(dir, POLL, d -> {
            if (sleeps.incrementAndGet() == 2) {
                assertEquals(List.of(1), seen.stream().map(Samples::number).collect(Collectors.toList()));
                try {
                    Files.writeString(segment, second.substring(cut), StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        StoreReader.ScanStats stats = reader.follow(Optional.of(Instant.EPOCH), () -> sleeps.get() >= 4, seen::add);
        assertEquals(List.of(1, 2), seen.stream().map(Samples::number).collect(Collectors.toList()));
        assertEquals(0, stats.corruptLines());
    }

    @Test
    void follow_stopHook_endsTheLoopOnAnEmptyStore() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectory(dir);
        AtomicInteger sleeps = new AtomicInteger();
        StoreReader reader = StoreReader.open(dir, Duration.ofSeconds(1), d -> sleeps.incrementAndGet());
        StoreReader.ScanStats stats = reader.follow(Optional.empty(), () -> sleeps.get() >= 3, e -> { });
        assertEquals(3, sleeps.get());
        assertEquals(new StoreReader.ScanStats(0, 0, 0, 0, 0), stats);
    }

    private static String line(StoreEntry entry) {
        return new String(EntryCodec.encode(entry), StandardCharsets.US_ASCII) + "\n";
    }
}
