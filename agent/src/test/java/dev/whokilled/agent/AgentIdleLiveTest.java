package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.whokilled.agent.testing.LivePrerequisites;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.store.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer of an idle agent sleeps until work falls due, not every flush interval: a death on an idle agent is
 * still stored after its settle time (200 ms) and flushed within about a flush interval (100 ms), and its export
 * still leaves a few seconds later, with no other event to wake the writer.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class AgentIdleLiveTest {
    private static final Path TRACING = Path.of("/sys/kernel/tracing");

    @TempDir
    Path tmp;

    @Test
    void death_onAnIdleAgent_storedAfterItsSettleTimeAndExported() throws Exception {
        boolean usable = Files.isReadable(Path.of("/dev/kmsg")) && Files.isDirectory(TRACING.resolve("instances"));
        LivePrerequisites.require(usable, "needs root and a mounted tracefs");
        Path store = tmp.resolve("store");
        Path events = tmp.resolve("events.jsonl");
        StringWriter log = new StringWriter();
        AgentConfig config = new AgentConfig(StoreConfig.defaults(), List.of(), Duration.ofMinutes(10),
                Duration.ofMillis(200), Duration.ofMillis(100), true, "whokilled-idle-" + ProcessHandle.current().pid(),
                new ExportConfig(ExportConfig.Journal.OFF, Optional.of(events), ExportConfig.FileFormat.NATIVE, 1 << 20, 1,
                        Optional.empty(), Optional.empty()), Optional.empty());
        Agent.Paths paths = new Agent.Paths(Path.of("/dev/kmsg"), Path.of("/proc"), TRACING,
                Path.of("/nonexistent/journalctl"));
        try (Agent agent = new Agent(store, config, paths, Clock.systemUTC(), new AgentLog(new PrintWriter(log)))) {
            agent.start();
            Thread.sleep(1500); // the writer is asleep now, until the heartbeat or the next item
            Process victim = new ProcessBuilder("sleep", "60").start();
            Thread.sleep(20);
            victim.destroyForcibly();
            long killed = System.nanoTime();
            victim.waitFor();
            String key = "\"pid\":" + victim.pid() + ",";
            long storedAfter = waitFor(store, key, "\"type\":\"exit\"", Duration.ofSeconds(5)) - killed;
            assertTrue(storedAfter >= Duration.ofMillis(190).toNanos(), "stored before its settle time: "
                    + storedAfter / 1_000_000 + " ms");
            // 200 ms settle + 100 ms flush interval, with room for a loaded machine
            assertTrue(storedAfter <= Duration.ofMillis(800).toNanos(), "stored " + storedAfter / 1_000_000
                    + " ms after the kill\n" + log);
            long exportedAfter = waitFor(events.getParent(), "\"pid\":" + victim.pid(), "", Duration.ofSeconds(15))
                    - killed;
            assertTrue(exportedAfter <= Duration.ofSeconds(10).toNanos(), "exported " + exportedAfter / 1_000_000
                    + " ms after the kill");
        }
        assertTrue(Files.notExists(TRACING.resolve("instances").resolve(config.traceInstance())), "instance removed");
    }

    /** When a line with both strings appears in a {@code .jsonl} file under {@code dir} (System.nanoTime()). */
    private static long waitFor(Path dir, String a, String b, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                        if (Files.readAllLines(f).stream().anyMatch(l -> l.contains(a) && l.contains(b))) {
                            return System.nanoTime();
                        }
                    }
                }
            }
            Thread.sleep(5);
        }
        fail("no line with " + a + " " + b + " in " + dir + " within " + timeout);
        return 0;
    }
}
