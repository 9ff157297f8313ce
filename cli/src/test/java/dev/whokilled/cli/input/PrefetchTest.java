package dev.whokilled.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.whokilled.rules.record.KernelRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrefetchTest {
    private static Iterator<KernelRecord> records(int n) {
        return IntStream.range(0, n).mapToObj(i -> KernelRecord.kernel(i + 1, i, "line " + i)).iterator();
    }

    @Test
    void iterate_manyBatches_deliversEveryRecordInOrder() {
        List<Long> lines = new ArrayList<>();
        try (Prefetch<Void> ahead = Prefetch.of(records(100_000))) {
            ahead.forEachRemaining(r -> lines.add(r.lineNumber()));
        }
        assertEquals(100_000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i));
        }
    }

    @Test
    void prepared_manyBatches_isWhatTheReadingThreadPreparedFromEachRecord() {
        Thread consumer = Thread.currentThread();
        int records = 0;
        try (Prefetch<String> ahead = new Prefetch<>(records(10_000),
                r -> (Thread.currentThread() == consumer ? "consumer " : "reader ") + r.message())) {
            while (ahead.hasNext()) {
                KernelRecord r = ahead.next();
                assertEquals("reader " + r.message(), ahead.prepared());
                records++;
            }
        }
        assertEquals(10_000, records);
    }

    @Test
    void close_beforeTheEnd_stopsTheReaderWithoutHanging() {
        // more batches than the queue holds: the reader is blocked on a full queue when the consumer leaves
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Prefetch<Void> ahead = Prefetch.of(records(1_000_000))) {
                ahead.next();
            }
        });
    }

    @Test
    void readerFailure_isRethrownToTheConsumer() {
        Iterator<KernelRecord> failing = new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public KernelRecord next() {
                if (++n > 1000) {
                    throw new IllegalStateException("disk gone");
                }
                return KernelRecord.kernel(n, n, "x");
            }
        };
        try (Prefetch<Void> ahead = Prefetch.of(failing)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ahead.forEachRemaining(r -> { }));
            assertEquals("disk gone", e.getMessage());
        }
    }
}
