package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Robustness: whatever the bytes, reading ends in records, counts, the documented unknown-format
 * outcome, or (only for gzip-looking input) an I/O error; and memory stays bounded.
 */
class KernelLogReaderPropertiesTest {
    private static final int MAX = ReaderOptions.MIN_MAX_LINE_BYTES * 4;
    private static final ReaderOptions SMALL_LINES = Fixtures.UTC_2026.withMaxLineBytes(MAX);

    /** Line starts of every rendering, so random tails exercise the parsers and not only detection. */
    private static final List<String> PREFIXES = List.of("6,1,2,-;", "46,3,4,-,caller=T1;x[1]: ", " SUBSYSTEM=",
            "[    1.346697] ", "<7>[  163.238144] ", "kern  :info  : [    1.3] ", "[Sun Nov 22 17:00:53 2026] ",
            "Nov 22 17:02:15 vm kernel: [   83.666595] ", "2026-11-22T17:02:15.1+00:00 vm sshd[9]: ",
            "2026-11-22T17:03:28+0000 vm kernel: ", "-- Boot ", "{\"MESSAGE\":", "{\"MESSAGE\":\"x\",\"PRIORITY\":[",
            "Sun 2026-11-22 17:03:28 UTC vm ", "");

    @Property(seed = "20261122")
    void read_randomBytes_neverFailsUndocumented(@ForAll("bytes") byte[] input) {
        readAll(input, SMALL_LINES);
        for (LogFormat format : LogFormat.values()) {
            readAll(input, SMALL_LINES.withForcedFormat(format));
        }
    }

    @Property(seed = "20261123")
    void read_randomLinesInEveryRendering_neverFailUndocumented(@ForAll("lines") byte[] input) {
        readAll(input, SMALL_LINES);
        for (LogFormat format : LogFormat.values()) {
            readAll(input, SMALL_LINES.withForcedFormat(format));
        }
    }

    @Property(seed = "20261124", tries = 200)
    void read_realLogCutAnywhere_readsAPrefixOfIt(@ForAll @IntRange(min = 0, max = 9_000) int cut,
                                                  @ForAll @IntRange(min = 0, max = 5) int file) {
        String name = List.of("kmsg.txt", "journal-kernel.json", "journal-kernel-short-iso.txt", "dmesg-raw.txt",
                "dmesg-plain.txt", "dmesg-T.txt").get(file);
        byte[] all = Fixtures.load("kernel-6.18-memcg-v1/" + name);
        List<KernelRecord> records = readAll(Arrays.copyOf(all, Math.min(cut, all.length)), Fixtures.UTC_2026);
        assertTrue(records.size() <= 176);
        for (int i = 0; i < records.size(); i++) {
            assertTrue(records.get(i).lineNumber() > (i == 0 ? 0 : records.get(i - 1).lineNumber()), "in order");
        }
    }

    @Property(seed = "20261125", tries = 8)
    void read_oneMebibyteLines_areCutToTheBound(@ForAll("bytes") byte[] tail) throws IOException {
        byte[] unit = tail.length == 0 ? new byte[] {'a'} : tail;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            out.write(String.format("[%5d.000000] ", i).getBytes(StandardCharsets.US_ASCII));
            for (int k = 0; k < (1 << 20) / unit.length; k++) {
                for (byte b : unit) {
                    out.write(b == '\n' ? ' ' : b);
                }
            }
            out.write("x".repeat(1 << 10).getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        try (RecordStream s = Fixtures.open(out.toByteArray(), Fixtures.UTC_2026)) {
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(3, records.size());
            assertEquals(3, s.linesTruncated());
            assertTrue(records.stream().allMatch(r -> r.message().length() <= ReaderOptions.DEFAULT_MAX_LINE_BYTES));
        }
    }

    @Example
    void read_200MiBWithoutNewline_streamsThroughAFixedBuffer() throws IOException {
        long total = 200L << 20;
        byte[] head = "6,1,2,-;".getBytes(StandardCharsets.US_ASCII);
        ZeroLikeStream in = new ZeroLikeStream(head, total);
        OpenOutcome outcome = KernelLogReader.open(in, Fixtures.UTC_2026);
        try (RecordStream s = assertInstanceOf(OpenOutcome.Opened.class, outcome).stream()) {
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(1, records.size());
            assertEquals(ReaderOptions.DEFAULT_MAX_LINE_BYTES - head.length, records.get(0).message().length());
            assertEquals(1, s.linesTruncated());
            assertEquals(1, s.linesRead());
        }
        assertEquals(total, in.produced, "read to the end");
        // The reader never asked for more than its one fixed buffer: nothing accumulated the line.
        assertTrue(in.largestRequest <= 2 * Math.max(LineSplitter.MIN_BUFFER_BYTES, 2 * ReaderOptions.DEFAULT_MAX_LINE_BYTES),
                "largest read " + in.largestRequest);
    }

    /** Like {@code cat /dev/zero | tr '\0' x} after a header: bytes made on demand, no big array. */
    private static final class ZeroLikeStream extends InputStream {
        private final byte[] head;
        private final long total;
        long produced;
        int largestRequest;

        ZeroLikeStream(byte[] head, long total) {
            this.head = head;
            this.total = total;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            largestRequest = Math.max(largestRequest, len);
            if (produced >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - produced);
            Arrays.fill(b, off, off + n, (byte) 'x');
            for (int i = 0; i < n && produced + i < head.length; i++) {
                b[off + i] = head[(int) produced + i];
            }
            produced += n;
            return n;
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    }

    @Provide
    Arbitrary<byte[]> lines() {
        Arbitrary<String> line = Arbitraries.of(PREFIXES).flatMap(prefix -> Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(8),
                Arbitraries.strings().ascii().ofMaxLength(2 * MAX)).map(tail -> prefix + tail));
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.of(new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xff, (byte) 0xfe},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[0]);
        return Arbitraries.oneOf(line.map(l -> l.getBytes(StandardCharsets.UTF_8)), invalidUtf8)
                .list().ofMaxSize(80)
                .flatMap(parts -> Arbitraries.of("\n", "\r\n", "\r").map(sep -> join(parts, sep)));
    }

    private static byte[] join(List<byte[]> parts, String separator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
            out.writeBytes(separator.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** Reads everything; asserts the invariants that hold for any input. */
    private static List<KernelRecord> readAll(byte[] input, ReaderOptions options) {
        boolean gzipLooking = input.length >= 2 && input[0] == 0x1f && input[1] == (byte) 0x8b;
        try {
            OpenOutcome outcome = KernelLogReader.open(new ByteArrayInputStream(input), options);
            if (outcome instanceof OpenOutcome.UnknownFormat unknown) {
                assertTrue(options.forcedFormat().isEmpty(), "a forced format never comes back unknown");
                assertTrue(unknown.firstLine().length() <= 2 * OpenOutcome.UnknownFormat.MAX_SHOWN_CHARS * 6);
                assertTrue(unknown.firstLine().chars().noneMatch(c -> c < 0x20 || c == 0x7f), "escaped");
                return List.of();
            }
            try (RecordStream s = ((OpenOutcome.Opened) outcome).stream()) {
                List<KernelRecord> records = Fixtures.drain(s);
                assertTrue(records.size() + s.linesNotUnderstood() + s.linesSkipped() <= s.linesRead());
                for (KernelRecord r : records) {
                    assertTrue(r.lineNumber() >= 1 && r.lineNumber() <= s.linesRead());
                    assertTrue(r.message().length() <= options.maxLineBytes());
                }
                return records;
            }
        } catch (IOException | UncheckedIOException e) {
            assertTrue(gzipLooking, () -> "I/O error on a byte array that is not gzip: " + e);
            return List.of();
        }
    }
}
