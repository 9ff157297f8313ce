package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.testing.FixtureFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: fixture loading (leading {@code #} header stripped) and reading text through the public API. */
final class Fixtures {
    static final ReaderOptions UTC_2026 = ReaderOptions.defaults(ZoneOffset.UTC, 2026);

    private Fixtures() {
    }

    /** The fixture's bytes after its leading {@code #} header lines. */
    static byte[] load(String resource) {
        return FixtureFiles.load(resource);
    }

    static RecordStream open(byte[] bytes, ReaderOptions options) throws IOException {
        OpenOutcome outcome = KernelLogReader.open(new ByteArrayInputStream(bytes), options);
        return assertInstanceOf(OpenOutcome.Opened.class, outcome, () -> "outcome " + outcome).stream();
    }

    static RecordStream open(String text) throws IOException {
        return open(text.getBytes(StandardCharsets.UTF_8), UTC_2026);
    }

    static List<KernelRecord> drain(RecordStream stream) {
        List<KernelRecord> out = new ArrayList<>();
        stream.forEachRemaining(out::add);
        return out;
    }

    static List<KernelRecord> read(String text) throws IOException {
        try (RecordStream s = open(text)) {
            return drain(s);
        }
    }
}
