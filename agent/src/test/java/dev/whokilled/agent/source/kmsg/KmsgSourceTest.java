package dev.whokilled.agent.source.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.source.LogSink;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.TimeBasis;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KmsgSourceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T18:00:00Z"), ZoneOffset.UTC);
    private static final BootClock BOOT = new BootClock(Instant.parse("2026-11-22T17:00:00Z"));

    /**
     * Behaves like /dev/kmsg: one record per read; "EPIPE" entries throw Broken pipe, "EIO" an I/O error; then, like
     * the device, blocks until closed, or ends (end of file) when built so.
     */
    private static final class FakeDevice implements ReadableByteChannel {
        private final Deque<String> reads;
        private final boolean ends;
        private final CountDownLatch closed = new CountDownLatch(1);
        private final CountDownLatch drained = new CountDownLatch(1);

        FakeDevice(List<String> reads, boolean ends) {
            this.reads = new ArrayDeque<>(reads);
            this.ends = ends;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            String next = reads.poll();
            if (next == null) {
                drained.countDown();
                if (ends) {
                    return -1;
                }
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AsynchronousCloseException();
            }
            if (next.equals("EPIPE")) {
                throw new IOException("Broken pipe");
            }
            if (next.equals("EIO")) {
                throw new IOException("Input/output error");
            }
            byte[] b = next.getBytes(StandardCharsets.UTF_8);
            dst.put(b);
            return b.length;
        }

        @Override
        public boolean isOpen() {
            return closed.getCount() > 0;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private record Seen(List<KernelRecord> records, List<Gap> gaps, List<StopListener.Stop> stops) {
    }

    /** Reads the records, then closes the source as the agent's shutdown does. */
    private static Seen run(OptionalLong resumeAfter, String... reads) throws Exception {
        return run(false, resumeAfter, reads);
    }

    /** Reads the records; with {@code ends}, the device then returns end of file before the source is closed. */
    private static Seen run(boolean ends, OptionalLong resumeAfter, String... reads) throws Exception {
        List<KernelRecord> records = new CopyOnWriteArrayList<>();
        List<Gap> gaps = new CopyOnWriteArrayList<>();
        List<StopListener.Stop> stops = new CopyOnWriteArrayList<>();
        FakeDevice device = new FakeDevice(List.of(reads), ends);
        KmsgSource source = new KmsgSource(() -> device, "boot-1", resumeAfter, BOOT, CLOCK,
                2_000_000, new LogSink() {
                    @Override
                    public void record(KernelRecord record) {
                        records.add(record);
                    }

                    @Override
                    public void gap(Gap gap) {
                        gaps.add(gap);
                    }
                }, stops::add);
        source.start();
        if (ends) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stops.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } else {
            assertTrue(device.drained.await(5, TimeUnit.SECONDS), "reads not consumed");
        }
        source.close();
        return new Seen(records, gaps, List.copyOf(stops));
    }

    @Test
    void close_whileReading_isNoStop() throws Exception {
        Seen seen = run(OptionalLong.empty(), "6,1,1,-;a\n");
        assertEquals(1, seen.records().size());
        assertEquals(List.of(), seen.stops());
    }

    @Test
    void read_endOfFile_reportedAsAStopOnce() throws Exception {
        Seen seen = run(true, OptionalLong.empty(), "6,1,1,-;a\n");
        assertEquals(1, seen.records().size());
        assertEquals(List.of(new StopListener.Stop(CLOCK.instant(), "end of file on the kernel log")), seen.stops());
    }

    @Test
    void read_ioError_reportedAsAStopWithItsMessage() throws Exception {
        Seen seen = run(true, OptionalLong.empty(), "6,1,1,-;a\n", "EIO", "6,2,2,-;never read\n");
        assertEquals(List.of("a"), seen.records().stream().map(KernelRecord::message).toList());
        assertEquals(List.of(new StopListener.Stop(CLOCK.instant(), "Input/output error")), seen.stops());
    }

    @Test
    void read_backlogAndLive_stampedWithBootAndHowTheTimeWasObtained() throws Exception {
        Seen seen = run(OptionalLong.empty(), "6,1,1000000,-;early\n", "6,2,3000000,-;late\n");
        assertEquals(2, seen.records().size());
        KernelRecord early = seen.records().get(0);
        assertEquals(Optional.of("boot-1"), early.stamp().bootId());
        assertEquals(TimeBasis.CONVERTED, early.stamp().wallTime().orElseThrow().basis());
        assertEquals(Instant.parse("2026-11-22T17:00:01Z"), early.stamp().wallTime().orElseThrow().instant());
        assertEquals(TimeBasis.RECEIVED, seen.records().get(1).stamp().wallTime().orElseThrow().basis());
        assertTrue(seen.gaps().isEmpty());
    }

    @Test
    void read_resumeFromCheckpoint_skipsStoredAndReportsOverwritten() throws Exception {
        Seen seen = run(OptionalLong.of(10), "6,3,1,-;old, overwritten later\n", "6,10,2,-;stored already\n",
                "6,14,3,-;new\n");
        assertEquals(List.of("new"), seen.records().stream().map(KernelRecord::message).toList());
        assertEquals(1, seen.gaps().size());
        assertEquals(OptionalLong.of(3), seen.gaps().get(0).lost());
    }

    @Test
    void read_brokenPipe_recordsAGapWithTheLostCountAndGoesOn() throws Exception {
        Seen seen = run(OptionalLong.empty(), "6,1,1,-;a\n", "EPIPE", "6,2975,2,-;b\n", "6,2976,3,-;c\n");
        assertEquals(3, seen.records().size());
        assertEquals(1, seen.gaps().size());
        assertEquals(OptionalLong.of(2973), seen.gaps().get(0).lost());
        assertEquals("kmsg", seen.gaps().get(0).source());
    }
}
