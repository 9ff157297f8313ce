package dev.whokilled.cli.e2e;

import static dev.whokilled.cli.e2e.LiveHarness.JAR;
import static dev.whokilled.cli.e2e.LiveHarness.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent from the built jar with {@code --export-file}: a process this test started is killed by
 * another it started, and the event file gets that termination with the right pid, cause and
 * killer. Only pids the test started are signalled; every wait is bounded. Skipped without root,
 * tracefs, python3 or the jar, except under CI=true, where that fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class EventFileEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept when the test fails, so the store and the event file can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final Children children = new Children();
    private AgentProcess agent;

    @AfterEach
    void cleanUp() throws Exception {
        children.close();
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void agent_withExportFile_writesTheKillWithItsSender() throws Exception {
        LiveHarness.requireOrSkip("event file end-to-end test", LiveHarness.missingForAgent());
        Path events = tmp.resolve("log/whokilled/events.jsonl");
        agent = AgentProcess.start(JAR, tmp.resolve("store"), "--export-file", events.toString());
        assertTrue(agent.log().stream().anyMatch(l -> l.contains("event file " + events)), agent.log()::toString);

        Process victim = children.start("sleep", "60");
        Thread.sleep(500); // a victim that ran a moment: the agent has read its name and command line
        // the sender lives on a moment after its kill, so the agent reads its command line
        Process sender = children.start("sh", "-c", "kill -TERM " + victim.pid() + "; sleep 1");
        assertEquals(143, waitFor(victim));

        JsonNode line = awaitLine(events, victim.pid());
        assertEquals("signal", line.get("cause").asText(), line::toString);
        assertEquals(15, line.at("/exit/signal").asInt());
        assertEquals("SIGTERM", line.at("/exit/signal_name").asText());
        assertEquals("sleep", line.get("comm").asText(), line::toString);
        assertEquals("sleep 60", line.get("cmdline").asText());
        assertEquals("process", line.at("/killer/kind").asText());
        assertEquals(sender.pid(), line.at("/killer/pid").asLong());
        assertEquals("sh", line.at("/killer/comm").asText());
        assertTrue(line.get("id").asText().matches("[0-9a-f-]{36}"), line::toString);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(events)));
        assertEquals(0, agent.stop());
        agent = null;
    }

    /** The event file's line for {@code pid}, polled for 20 s at most (a termination leaves ~2 s after the death). */
    private JsonNode awaitLine(Path events, long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(events)) {
                Optional<JsonNode> found = Optional.empty();
                for (String l : Files.readAllLines(events)) {
                    JsonNode n = JSON.readTree(l);
                    if (n.path("pid").asLong() == pid) {
                        found = Optional.of(n);
                    }
                }
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(200);
        }
        fail("pid " + pid + " not in " + events + " within 20 s; agent log: " + agent.log());
        return null;
    }

}
