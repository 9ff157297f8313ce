package dev.whokilled.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.testing.SmallTmpfs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk for real: the event file on a 256 KiB tmpfs mounted for this test (root only),
 * filled by another file. The write fails with the file and the reason and leaves no fragment;
 * after the filler is deleted the next termination is written. Skipped when tmpfs
 * cannot be mounted, except under CI=true (root there), where that fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class EventFileDiskFullLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void accept_onAFullDisk_failsWithTheReason_andRecoversWhenSpaceReturns() throws Exception {
        try (SmallTmpfs disk = SmallTmpfs.mount(tmp.resolve("small"), "256k")) {
            Path mount = disk.path();
            List<ExportedTermination> samples = ExportSamples.all();
            Path file = mount.resolve("events.jsonl");
            JsonExplanations nativeShape = new JsonExplanations();
            try (EventFileSink sink = new EventFileSink(file, nativeShape::toLine, 1L << 20, 3, Clock.systemUTC(),
                    new AgentLog(new PrintWriter(new StringWriter())))) {
                sink.accept(samples.get(0));
                Path filler = disk.fill("filler");
                IOException e = assertThrows(IOException.class, () -> sink.accept(samples.get(1)));
                assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("No space left on device"),
                        e.getMessage());
                Files.delete(filler);
                sink.accept(samples.get(2));
            }
            // the line with no room was refused whole: no fragment, the two others intact
            List<String> lines = Files.readAllLines(file);
            assertEquals(2, lines.size(), lines::toString);
            assertEquals(samples.get(0).id(), JSON.readTree(lines.get(0)).get("id").asText());
            assertEquals(samples.get(2).id(), JSON.readTree(lines.get(1)).get("id").asText());
        }
    }
}
