package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class KernelLogReaderTest {
    @Test
    void open_gzipInput_isUnwrapped() throws IOException {
        byte[] plain = Fixtures.load("kernel-6.18-memcg-v1/kmsg.txt");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        try (RecordStream s = Fixtures.open(gz.toByteArray(), Fixtures.UTC_2026)) {
            assertEquals(Optional.of(LogFormat.KMSG), s.format());
            assertEquals(176, Fixtures.drain(s).size());
        }
    }

    @Test
    void open_corruptGzip_failsAsIoError() {
        byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
        assertThrows(IOException.class, () -> KernelLogReader.open(new ByteArrayInputStream(bad), Fixtures.UTC_2026));
    }

    @Test
    void open_emptyOrBlankInput_isAnEmptyStreamWithoutFormat() throws IOException {
        for (String text : List.of("", "\n\n\r\n")) {
            try (RecordStream s = Fixtures.open(text)) {
                assertEquals(Optional.empty(), s.format());
                assertFalse(s.hasNext());
            }
        }
    }

    @Test
    void open_unknownFormat_reportsTheFirstLineEscapedAndBounded() throws IOException {
        String first = "\u001b[31mhello\u202e 'x' " + "y".repeat(300);
        OpenOutcome outcome = KernelLogReader.open(
                new ByteArrayInputStream((first + "\nsecond\n").getBytes(StandardCharsets.UTF_8)), Fixtures.UTC_2026);
        OpenOutcome.UnknownFormat unknown = assertInstanceOf(OpenOutcome.UnknownFormat.class, outcome);
        assertEquals(2, unknown.linesSampled());
        assertTrue(unknown.firstLine().startsWith("\\u001b[31mhello\\u202e \\'x\\' yyy"), unknown.firstLine());
        assertTrue(unknown.firstLine().endsWith("…"));
        assertTrue(unknown.firstLine().length() < 140);
        assertTrue(unknown.message("kern.log").startsWith("cannot tell the format of kern.log: first line was '\\u001b"));
    }

    @Test
    void open_mostlyGarbage_isUnknownRatherThanAGuess() throws IOException {
        StringBuilder text = new StringBuilder("[    1.000000] one dmesg line\n");
        for (int i = 0; i < 10; i++) {
            text.append("garbage ").append(i).append('\n');
        }
        OpenOutcome outcome = KernelLogReader.open(
                new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), Fixtures.UTC_2026);
        assertInstanceOf(OpenOutcome.UnknownFormat.class, outcome);
    }

    @Test
    void open_forcedFormat_skipsDetectionAndCountsWhatItCannotRead() throws IOException {
        byte[] text = "[    1.000000] dmesg line\nNov 22 17:02:15 vm kernel: syslog line\n".getBytes(StandardCharsets.UTF_8);
        try (RecordStream s = Fixtures.open(text, Fixtures.UTC_2026.withForcedFormat(LogFormat.SYSLOG))) {
            assertEquals(Optional.of(LogFormat.SYSLOG), s.format());
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(List.of("syslog line"), records.stream().map(KernelRecord::message).toList());
            assertEquals(2, records.get(0).lineNumber());
            assertEquals(1, s.linesNotUnderstood());
        }
    }

    @Test
    void read_beyondTheSample_loosesNoLineAndKeepsLineNumbers() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            text.append(i % 7 == 0 ? "\r\n" : String.format("[%5d.%06d] line %d\r\n", i, i, i));
        }
        try (RecordStream s = Fixtures.open(text.toString())) {
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(1000 - 1000 / 7, records.size());
            for (KernelRecord r : records) {
                assertEquals("line " + r.lineNumber(), r.message(), "CR stripped, number matches line");
            }
            assertEquals(1000, s.linesRead());
            assertEquals(0, s.linesNotUnderstood());
        }
    }

    @Test
    void read_prefilter_rejectedLinesAreNeverDecodedOrCounted() throws IOException {
        AtomicInteger consulted = new AtomicInteger();
        LinePrefilter oomOnly = (buf, from, to) -> {
            consulted.incrementAndGet();
            return new String(buf, from, to - from, StandardCharsets.ISO_8859_1).contains("oom");
        };
        byte[] bytes = Fixtures.load("kernel-6.18-memcg-v1/dmesg-plain.txt");
        try (RecordStream s = Fixtures.open(bytes, Fixtures.UTC_2026.withPrefilter(oomOnly))) {
            List<KernelRecord> records = Fixtures.drain(s);
            assertTrue(records.stream().allMatch(r -> r.message().contains("oom")));
            assertEquals(176, consulted.get(), "each line once, sampled lines included");
            assertEquals(176, records.size() + s.linesSkipped());
            assertEquals(0, s.linesNotUnderstood());
            assertFalse(records.isEmpty());
        }
    }

    @Test
    void read_invalidUtf8_isReplacedNotFatal() throws IOException {
        byte[] bytes = {'[', ' ', '1', '.', '0', '0', '0', '0', '0', '0', ']', ' ', 'a', (byte) 0xff, (byte) 0xc3, 'b', '\n'};
        try (RecordStream s = Fixtures.open(bytes, Fixtures.UTC_2026)) {
            assertEquals("a\ufffd\ufffdb", s.next().message());
        }
    }

    @Test
    void read_lineOverTheBound_isTruncatedAndCounted() throws IOException {
        String longText = "x".repeat(5000);
        String text = "[    1.000000] short\n[    2.000000] " + longText + "\n[    3.000000] after\n";
        try (RecordStream s = Fixtures.open(text.getBytes(StandardCharsets.UTF_8), Fixtures.UTC_2026.withMaxLineBytes(1000))) {
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(List.of(1L, 2L, 3L), records.stream().map(KernelRecord::lineNumber).toList());
            assertEquals(1000 - "[    2.000000] ".length(), records.get(1).message().length());
            assertEquals("after", records.get(2).message());
            assertEquals(1, s.linesTruncated());
        }
    }

    @Test
    void close_closesTheInput() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayInputStream in = new ByteArrayInputStream("[    1.000000] a\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        OpenOutcome.Opened opened = assertInstanceOf(OpenOutcome.Opened.class, KernelLogReader.open(in, Fixtures.UTC_2026));
        opened.stream().close();
        assertTrue(closed.get());
    }

    @Test
    void next_ioErrorMidStream_surfacesAsUncheckedIoException() throws IOException {
        byte[] head = "[    1.000000] a\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        java.io.InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(head), new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk on fire");
            }
        });
        OpenOutcome.Opened opened = assertInstanceOf(OpenOutcome.Opened.class, KernelLogReader.open(failing, Fixtures.UTC_2026));
        RecordStream s = opened.stream();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Fixtures.drain(s));
        assertEquals("disk on fire", e.getCause().getMessage());
    }
}
