package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.testing.LivePrerequisites;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.source.trace.TracefsSignalSource;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.live.Gap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that cannot start is tried again, and the time it was missing is stored as a gap: the
 * agent starts with tracefs "not mounted" (a path that does not exist yet), then the path appears
 * (a link to the real tracefs) and the signal source starts late.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class AgentRetryLiveTest {
    private static final Path TRACING = Path.of("/sys/kernel/tracing");

    @TempDir
    Path tmp;

    @Test
    void start_sourceMissingThenAvailable_startsLateAndRecordsTheGap() throws Exception {
        boolean usable = Files.isReadable(Path.of("/dev/kmsg")) && Files.isDirectory(TRACING.resolve("instances"));
        LivePrerequisites.require(usable, "needs root and a mounted tracefs");
        Path tracefs = tmp.resolve("tracing");
        StringWriter log = new StringWriter();
        AgentConfig config = new AgentConfig(StoreConfig.defaults(), List.of(), Duration.ofMinutes(10), Duration.ofMillis(200),
                Duration.ofMillis(100), true, "whokilled-retry-" + ProcessHandle.current().pid(),
                new ExportConfig(ExportConfig.Journal.OFF, Optional.empty(), ExportConfig.FileFormat.NATIVE, 1 << 20, 1,
                        Optional.empty(), Optional.empty()), Optional.of("adm"));
        Agent.Paths paths = new Agent.Paths(Path.of("/dev/kmsg"), Path.of("/proc"), tracefs, Path.of("/nonexistent/journalctl"));
        Agent agent = new Agent(tmp.resolve("store"), config, paths, Clock.systemUTC(), new AgentLog(new PrintWriter(log)),
                Duration.ofMillis(300));
        try {
            agent.start();
            assertTrue(log.toString().contains("signal senders (tracefs) unavailable"), log.toString());
            Files.createSymbolicLink(tracefs, TRACING);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!log.toString().contains("signal senders (tracefs) started") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Pattern.compile("signal senders \\(tracefs\\) started, \\d+ s late").matcher(log.toString()).find(),
                    log.toString());
        } finally {
            agent.close();
        }
        List<Gap> gaps = new ArrayList<>();
        StoreReader.open(tmp.resolve("store")).scan(TimeWindow.ALL, e -> {
            if (e instanceof StoreEntry.FactEntry f && f.fact() instanceof Gap g && g.source().equals(TracefsSignalSource.SOURCE)) {
                gaps.add(g);
            }
        });
        assertEquals(1, gaps.size(), log.toString());
        assertTrue(gaps.get(0).reason().contains("senders of fatal signals will be unknown"), gaps.get(0).reason());
        assertTrue(Files.notExists(TRACING.resolve("instances").resolve(config.traceInstance())), "instance removed");
    }
}
