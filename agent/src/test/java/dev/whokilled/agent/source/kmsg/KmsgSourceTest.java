package dev.whokilled.agent.source.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.source.LogSink;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.TimeBasis;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.junit.jupiter.api.Test;

class KmsgSourceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T18:00:00Z"), ZoneOffset.UTC);
    private static final BootClock BOOT = new BootClock(Instant.parse("2026-11-22T17:00:00Z"));

    /** Behaves like /dev/kmsg: one record per read; "EPIPE" entries throw Broken pipe; then end of input. */
    private static final class FakeDevice implements ReadableByteChannel {
        private final Deque<String> reads;
        private boolean open = true;

        FakeDevice(List<String> reads) {
            this.reads = new ArrayDeque<>(reads);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            String next = reads.poll();
            if (next == null) {
                return -1;
            }
            if (next.equals("EPIPE")) {
                throw new IOException("Broken pipe");
            }
            byte[] b = next.getBytes(StandardCharsets.UTF_8);
            dst.put(b);
            return b.length;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private record Seen(List<KernelRecord> records, List<Gap> gaps) {
    }

    private static Seen run(OptionalLong resumeAfter, String... reads) throws Exception {
        List<KernelRecord> records = new CopyOnWriteArrayList<>();
        List<Gap> gaps = new CopyOnWriteArrayList<>();
        KmsgSource source = new KmsgSource(() -> new FakeDevice(List.of(reads)), "boot-1", resumeAfter, BOOT, CLOCK,
                2_000_000, new LogSink() {
                    @Override
                    public void record(KernelRecord record) {
                        records.add(record);
                    }

                    @Override
                    public void gap(Gap gap) {
                        gaps.add(gap);
                    }
                });
        source.start();
        source.close();
        assertEquals(Optional.empty(), source.failure());
        return new Seen(records, gaps);
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
