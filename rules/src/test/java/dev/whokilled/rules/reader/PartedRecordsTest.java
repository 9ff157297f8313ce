package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.analysis.KeywordPrefilter;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a file in parts gives the records and counts of reading it whole, wherever the cuts fall. */
class PartedRecordsTest {
    /**
     * Runs each part when the consumer gets to it: the order of work differs from the CLI's threads, the answer may not.
     * What it prepares from a record is its message.
     */
    private static final Function<Iterator<KernelRecord>, PartedRecords.Ahead<String>> IN_TURN = part -> new PartedRecords.Ahead<>() {
        private String last;

        @Override
        public boolean hasNext() {
            return part.hasNext();
        }

        @Override
        public KernelRecord next() {
            KernelRecord r = part.next();
            last = r.message();
            return r;
        }

        @Override
        public String prepared() {
            return last;
        }

        @Override
        public void close() {
            // nothing runs ahead
        }
    };

    private static final int BOUND = 256;
    private static final ReaderOptions DMESG = Fixtures.UTC_2026.withForcedFormat(LogFormat.DMESG).withMaxLineBytes(BOUND);
    private static final String[] REPORT = new String(Fixtures.load("kernel-6.18-memcg-v1/dmesg-plain.txt"),
            StandardCharsets.UTF_8).split("\n");

    /**
     * OOM reports (some cut short before their kill line, so the prefilter stays in report state
     * across cuts) among noise, empty, CRLF and over-long lines, cut at random line starts.
     */
    @Property(tries = 150)
    void parts_randomCutsThroughReports_sameRecordsAndCountsAsWhole(@ForAll long seed,
                                                                   @ForAll @IntRange(min = 1, max = 8) int cuts)
            throws IOException {
        Random rnd = new Random(seed);
        byte[] log = randomLog(rnd, 1 + rnd.nextInt(6));
        TreeSet<Long> points = new TreeSet<>();
        for (int i = 0; i < cuts; i++) {
            int at = rnd.nextInt(log.length);
            while (at < log.length && log[at] != '\n') {
                at++;
            }
            if (at + 1 < log.length) {
                points.add((long) at + 1);
            }
        }
        points.add(0L);
        points.add((long) log.length);
        long[] bounds = points.stream().mapToLong(Long::longValue).toArray();
        Path file = Files.createTempFile("parted", ".log");
        try {
            Files.write(file, log);
            assertSameAsWhole(log, DMESG, new PartedRecords<>(file, DMESG, KeywordPrefilter::create, bounds, IN_TURN));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void open_smallParts_cutAfterKillLinesAndReadAsWhole(@TempDir Path dir) throws IOException {
        byte[] log = randomLog(new Random(7), 40);
        Path file = dir.resolve("dmesg.txt");
        Files.write(file, log);
        PartedRecords<String> parted = PartedRecords.open(file, LogFormat.DMESG, DMESG, KeywordPrefilter::create, 4, log.length / 5,
                IN_TURN).orElseThrow();
        assertSameAsWhole(log, DMESG, parted);
    }

    @Test
    void prepared_inParts_isWhatThePartPreparedFromTheRecordJustReturned(@TempDir Path dir) throws IOException {
        byte[] log = randomLog(new Random(11), 40);
        Path file = dir.resolve("dmesg.txt");
        Files.write(file, log);
        int records = 0;
        try (PartedRecords<String> parted = PartedRecords.open(file, LogFormat.DMESG, DMESG, KeywordPrefilter::create, 4,
                log.length / 5, IN_TURN).orElseThrow()) {
            while (parted.hasNext()) {
                KernelRecord r = parted.next();
                assertEquals(r.message(), parted.prepared());
                records++;
            }
        }
        assertTrue(records > 0);
    }

    @Test
    void open_syslogFixtureInParts_sameAsWhole(@TempDir Path dir) throws IOException {
        byte[] one = Fixtures.load("analysis/syslog-services.txt");
        byte[] log = new byte[one.length * 20];
        for (int i = 0; i < 20; i++) {
            System.arraycopy(one, 0, log, i * one.length, one.length);
        }
        Path file = dir.resolve("kern.log");
        Files.write(file, log);
        ReaderOptions syslog = Fixtures.UTC_2026.withForcedFormat(LogFormat.SYSLOG);
        assertSameAsWhole(log, syslog,
                PartedRecords.open(file, LogFormat.SYSLOG, syslog, KeywordPrefilter::create, 3, 1, IN_TURN).orElseThrow());
    }

    @Test
    void open_kmsgGzipOrSmallFile_readWhole(@TempDir Path dir) throws IOException {
        byte[] log = randomLog(new Random(3), 10);
        Path plain = dir.resolve("dmesg.txt");
        Files.write(plain, log);
        Path gz = dir.resolve("dmesg.txt.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(log);
        }
        assertFalse(PartedRecords.open(plain, LogFormat.KMSG, DMESG, KeywordPrefilter::create, 4, 1, IN_TURN).isPresent());
        assertFalse(PartedRecords.open(plain, LogFormat.JOURNAL_SHORT, DMESG, KeywordPrefilter::create, 4, 1, IN_TURN).isPresent());
        assertFalse(PartedRecords.open(gz, LogFormat.DMESG, DMESG, KeywordPrefilter::create, 4, 1, IN_TURN).isPresent());
        assertFalse(PartedRecords.open(plain, LogFormat.DMESG, DMESG, KeywordPrefilter::create, 4, log.length, IN_TURN).isPresent());
        assertFalse(PartedRecords.open(plain, LogFormat.DMESG, DMESG, KeywordPrefilter::create, 1, 1, IN_TURN).isPresent());
        assertTrue(PartedRecords.open(plain, LogFormat.DMESG, DMESG, KeywordPrefilter::create, 2, 1, IN_TURN).isPresent());
    }

    /** The parts give the records and the line counts that reading {@code log} whole with {@code options} gives. */
    private static void assertSameAsWhole(byte[] log, ReaderOptions options, PartedRecords<?> parted) throws IOException {
        List<KernelRecord> whole;
        long lines;
        long truncated;
        long notUnderstood;
        try (RecordStream stream = Fixtures.open(log, options.withPrefilter(KeywordPrefilter.create()))) {
            whole = Fixtures.drain(stream);
            lines = stream.linesRead();
            truncated = stream.linesTruncated();
            notUnderstood = stream.linesNotUnderstood();
        }
        try (parted) {
            List<KernelRecord> parts = new ArrayList<>();
            parted.forEachRemaining(parts::add);
            assertEquals(whole, parts);
            assertEquals(lines, parted.linesRead());
            assertEquals(truncated, parted.linesTruncated());
            assertEquals(notUnderstood, parted.linesNotUnderstood());
        }
    }

    private static byte[] randomLog(Random rnd, int reports) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < reports; r++) {
            for (int i = rnd.nextInt(30); i > 0; i--) {
                noise(rnd, sb);
            }
            int lines = rnd.nextInt(6) == 0 ? rnd.nextInt(REPORT.length) : REPORT.length;
            for (int i = 0; i < lines; i++) {
                sb.append(REPORT[i]).append(rnd.nextInt(20) == 0 ? "\r\n" : "\n");
                if (rnd.nextInt(15) == 0) {
                    noise(rnd, sb);
                }
            }
        }
        if (rnd.nextBoolean()) {
            sb.append("[  200.000000] last line without a newline");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void noise(Random rnd, StringBuilder sb) {
        switch (rnd.nextInt(10)) {
            case 0 -> sb.append('\n');
            case 1 -> sb.append("[  100.000000] usb 1-1: ").append("x".repeat(BOUND + rnd.nextInt(400))).append('\n');
            case 2 -> sb.append("not a dmesg line\n");
            default -> sb.append("[  100.").append(100_000 + rnd.nextInt(900_000)).append("] eth0: link up ")
                    .append(rnd.nextInt()).append('\n');
        }
    }
}
