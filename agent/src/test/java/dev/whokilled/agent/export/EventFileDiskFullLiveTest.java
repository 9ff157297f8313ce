package dev.whokilled.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.AgentLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Path mount = Files.createDirectories(tmp.resolve("small"));
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mount.toString()) == 0;
        if (!mounted && "true".equals(System.getenv("CI"))) {
            fail("cannot mount a tmpfs at " + mount + " in CI (needs root)");
        }
        assumeTrue(mounted, "skipped: cannot mount a tmpfs (needs root)");
        try {
            List<ExportedTermination> samples = ExportSamples.all();
            Path file = mount.resolve("events.jsonl");
            JsonExplanations nativeShape = new JsonExplanations();
            try (EventFileSink sink = new EventFileSink(file, nativeShape::toLine, 1L << 20, 3, Clock.systemUTC(),
                    new AgentLog(new PrintWriter(new StringWriter())))) {
                sink.accept(samples.get(0));
                Path filler = mount.resolve("filler");
                try (OutputStream out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[4096];
                    for (int i = 0; i < 1024; i++) { // bounded: 4 MiB at most, the tmpfs holds 256 KiB
                        out.write(block);
                    }
                    fail("the tmpfs did not fill");
                } catch (IOException full) {
                    // No space left on device: the disk is full
                }
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
        } finally {
            if (run("umount", mount.toString()) != 0) {
                fail("could not unmount the test's tmpfs at " + mount);
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
