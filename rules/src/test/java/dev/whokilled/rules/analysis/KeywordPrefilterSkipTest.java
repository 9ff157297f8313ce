package dev.whokilled.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whokilled.rules.reader.KernelLogReader;
import dev.whokilled.rules.reader.LinePrefilter;
import dev.whokilled.rules.reader.OpenOutcome;
import dev.whokilled.rules.reader.ReaderOptions;
import dev.whokilled.rules.reader.RecordStream;
import dev.whokilled.rules.record.KernelRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Skipping whole stretches ({@link KeywordPrefilter#skipTo}) reads exactly what offering every
 * line to {@link KeywordPrefilter#keep} reads: the same records, line numbers and counts.
 */
class KeywordPrefilterSkipTest {
    private static final int MAX_LINE = ReaderOptions.MIN_MAX_LINE_BYTES;

    /**
     * Fixture lines among noise, empty lines, CRLF endings, over-long lines (with and without a
     * keyword past the bound), kmsg continuation lines after kept and skipped records and a last
     * line without newline, delivered in reads of random size so that keywords and lines straddle
     * buffer fills; plain and gzipped.
     */
    @Property(tries = 150)
    void read_skippingStretches_sameAsLineByLine(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int file,
                                                 @ForAll @IntRange(min = 1, max = 70_000) int maxRead,
                                                 @ForAll boolean gzip) throws IOException {
        Random rnd = new Random(seed);
        String fixture = List.of("kernel-6.18-memcg-v1/kmsg.txt", "kernel-6.18-memcg-v1/dmesg-raw.txt",
                "oom/memcg-6.18-real.txt", "analysis/syslog-services.txt", "oom/back-to-back-interleaved.txt").get(file - 1);
        byte[] log = mix(rnd, new String(Analysis.fixture(fixture), StandardCharsets.UTF_8));
        byte[] input = gzip ? gzip(log) : log;
        assertEquals(read(input, maxRead, null), read(input, maxRead, KeywordPrefilter.create()));
    }

    private static byte[] mix(Random rnd, String fixture) {
        StringBuilder sb = new StringBuilder();
        List<String> lines = fixture.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int noise = rnd.nextInt(60);
            for (int n = 0; n < noise; n++) {
                switch (rnd.nextInt(12)) {
                    case 0 -> sb.append('\n');
                    case 1 -> sb.append("\r\n");
                    case 2 -> sb.append(" SUBSYSTEM=noise\n");
                    case 3 -> sb.append("x".repeat(MAX_LINE + rnd.nextInt(3))).append("Killed process 1 (a)\n");
                    case 4 -> sb.append("y".repeat(MAX_LINE - 3 + rnd.nextInt(6))).append(rnd.nextBoolean() ? "\r\n" : "\n");
                    default -> sb.append("6,0,1,-;eth0: link up ").append(rnd.nextInt()).append('\n');
                }
            }
            sb.append(l).append(rnd.nextInt(8) == 0 ? "\r\n" : "\n");
        }
        if (rnd.nextBoolean()) {
            sb.append("6,9,9,-;Killed process 42 (last) without newline");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Records and counts; {@code filter} null means a keyword filter offered every line. */
    private static List<Object> read(byte[] input, int maxRead, KeywordPrefilter filter) throws IOException {
        KeywordPrefilter lineByLine = KeywordPrefilter.create();
        LinePrefilter prefilter = filter != null ? filter : lineByLine::keep;
        ReaderOptions options = ReaderOptions.defaults(ZoneOffset.UTC, 2026).withMaxLineBytes(MAX_LINE).withPrefilter(prefilter);
        OpenOutcome outcome = KernelLogReader.open(new SmallReads(new ByteArrayInputStream(input), maxRead), options);
        if (!(outcome instanceof OpenOutcome.Opened opened)) {
            return List.of(outcome);
        }
        try (RecordStream s = opened.stream()) {
            List<KernelRecord> records = new ArrayList<>();
            s.forEachRemaining(records::add);
            return List.of(records, s.linesRead(), s.linesTruncated(), s.linesNotUnderstood(), s.linesSkipped());
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** Hands out at most a given number of bytes per read, as a pipe does. */
    private static final class SmallReads extends FilterInputStream {
        private final int max;

        SmallReads(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, max));
        }
    }
}
