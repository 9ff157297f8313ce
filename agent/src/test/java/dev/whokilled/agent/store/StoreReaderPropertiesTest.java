package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The store reader against hostile bytes: a segment edited by hand, a disk that returned garbage,
 * a line cut anywhere. It never throws, never invents an entry, and counts what it skipped.
 */
class StoreReaderPropertiesTest {
    private static final byte[] VALID = EntryCodec.encode(Samples.numbered(7, Samples.T0));

    @Property(seed = "20261122")
    void decode_anyBytes_neverThrowsNorInventsAnEntry(@ForAll @Size(max = 600) byte[] bytes) {
        EntryCodec.Decoded d = EntryCodec.decode(bytes, 0, bytes.length);
        assertNotNull(d);
        assertFalse(d instanceof EntryCodec.Entry, () -> "random bytes decoded to " + d);
    }

    @Property(seed = "20261122")
    void decode_aValidLineCutShort_isNeverAnEntry(@ForAll @IntRange(min = 0, max = 400) int cutAt) {
        int len = cutAt % VALID.length; // always short of the whole line: its closing brace is missing
        EntryCodec.Decoded d = EntryCodec.decode(VALID, 0, len);
        assertNotNull(d);
        assertFalse(d instanceof EntryCodec.Entry, () -> "a line cut at " + len + " decoded to " + d);
    }

    /**
     * Every one-byte change of a valid line, each position and each value: no entry, or one that says what the
     * changed bytes say. Its encoding is the changed line itself (a digit or a letter of a value changed), the
     * changed line without the changed byte (it became whitespace between tokens), or the original line (the change
     * was one the codec ignores or normalises: the name of a field it does not require, the case of an instant's
     * {@code T} or {@code Z}). The line is a bare exit, whose every field is always written, so dropping an unknown
     * field on re-encoding gives back the original.
     */
    @Test
    void decode_aValidLineWithOneByteChanged_isNoEntryOrTheEntryThoseBytesSay() {
        int entries = 0;
        for (int at = 0; at < VALID.length; at++) {
            for (int b = 0; b < 256; b++) {
                if ((byte) b == VALID[at]) {
                    continue;
                }
                byte[] line = VALID.clone();
                line[at] = (byte) b;
                EntryCodec.Decoded d = EntryCodec.decode(line, 0, line.length);
                assertNotNull(d);
                if (d instanceof EntryCodec.Entry e) {
                    entries++;
                    byte[] again = EntryCodec.encode(e.entry());
                    byte[] without = new byte[line.length - 1];
                    System.arraycopy(line, 0, without, 0, at);
                    System.arraycopy(line, at + 1, without, at, line.length - at - 1);
                    String what = "byte " + at + " set to " + b + ": "
                            + new String(line, StandardCharsets.ISO_8859_1) + " decoded to " + e.entry();
                    assertTrue(Arrays.equals(again, line) || Arrays.equals(again, without) || Arrays.equals(again, VALID),
                            what);
                }
            }
        }
        assertTrue(entries > 0, "some changes (a digit of a number) still decode: the property is not vacuous");
    }

    @Provide
    Arbitrary<List<byte[]>> garbageLines() {
        // Never a newline inside (that would be two lines), never empty; an object with "v":1 cannot come out.
        Arbitrary<byte[]> line = Arbitraries.bytes().filter(b -> b != '\n').array(byte[].class).ofMinSize(1)
                .ofMaxSize(300).filter(b -> !new String(b, StandardCharsets.ISO_8859_1).contains("\"v\""));
        return line.list().ofMaxSize(20);
    }

    @Property(seed = "20261122", tries = 300)
    void scan_garbageBetweenValidLines_readsEveryEntryAndCountsEveryOtherLine(
            @ForAll("garbageLines") List<byte[]> garbage, @ForAll @IntRange(min = 0, max = 20) int valid)
            throws IOException {
        Path dir = Files.createTempDirectory("whokilled-store-prop");
        try {
            ByteArrayOutputStream segment = new ByteArrayOutputStream();
            for (int i = 0; i < Math.max(valid, garbage.size()); i++) {
                if (i < valid) {
                    segment.write(EntryCodec.encode(Samples.numbered(i + 1, Samples.T0.plusSeconds(i))));
                    segment.write('\n');
                }
                if (i < garbage.size()) {
                    segment.write(garbage.get(i));
                    segment.write('\n');
                }
            }
            Files.write(dir.resolve(Segments.fileName(Samples.T0)), segment.toByteArray());
            List<StoreEntry> read = new ArrayList<>();
            StoreReader.ScanStats stats = StoreReader.open(dir).scan(TimeWindow.ALL, read::add);
            assertEquals(valid, read.size());
            assertEquals(garbage.size(), stats.corruptLines() + stats.unsupportedLines());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
