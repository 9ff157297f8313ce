package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The store reader against hostile bytes: a segment edited by hand, a disk that returned garbage,
 * a line cut anywhere. It never throws, never invents an entry, and counts what it skipped.
 */
class StoreReaderPropertiesTest {
    private static final byte[] VALID = EntryCodec.encode(Samples.numbered(7, Samples.T0));

    @Property(seed = "20261122")
    void decode_anyBytes_neverThrows(@ForAll @Size(max = 600) byte[] bytes) {
        assertNotNull(EntryCodec.decode(bytes, 0, bytes.length));
    }

    @Property(seed = "20261122")
    void decode_aValidLineWithBytesChangedOrCut_neverThrows(@ForAll @IntRange(min = 0, max = 400) int at,
                                                           @ForAll byte replacement,
                                                           @ForAll @IntRange(min = 0, max = 400) int cutAt) {
        byte[] line = VALID.clone();
        line[at % line.length] = replacement;
        assertNotNull(EntryCodec.decode(line, 0, Math.min(cutAt, line.length)));
    }

    @Provide
    Arbitrary<List<byte[]>> garbageLines() {
        // Never a newline inside (that would be two lines), never empty; an object with "v":1 cannot come out.
        Arbitrary<byte[]> line = Arbitraries.bytes().filter(b -> b != '\n').array(byte[].class).ofMinSize(1)
                .ofMaxSize(300).filter(b -> !new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\"v\""));
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
