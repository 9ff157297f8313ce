package dev.whokilled.cli.e2e;

import static dev.whokilled.cli.e2e.LiveHarness.JAR;
import static dev.whokilled.cli.e2e.LiveHarness.cli;
import static dev.whokilled.cli.e2e.LiveHarness.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list -f} and {@code watch} from the built jar, following a store while a gap is stored: the gap line
 * comes at once, on stderr, in the words {@code list} uses, and stdout stays one termination object a line with
 * {@code -o json}. The first test writes the store itself with the agent's {@link EventStore}; the second runs the
 * real agent and SIGKILLs it, by pid, then restarts it. Every wait is bounded; every process started is ended.
 */
@EnabledOnOs(OS.LINUX)
class FollowGapsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final Children children = new Children();
    private CliProcess follower;
    private AgentProcess agent;

    @AfterEach
    void cleanUp() throws Exception {
        if (follower != null) {
            follower.close();
        }
        children.close();
        if (agent != null) {
            agent.close();
        }
    }

    private static ProcessExit killed(int pid, Instant at) {
        return new ProcessExit(pid, 9, 1_000_000_000L + pid, at, "boot-1", OptionalInt.of(1),
                Optional.of(new ProcessIdentity(pid, OptionalLong.of(100), OptionalInt.of(1), Optional.of("sleep"),
                        Optional.of("sleep 600"), OptionalLong.of(0), Optional.of("/system.slice/app.service"))),
                List.of());
    }

    @Test
    void listFollowJson_gapStoredWhileFollowing_printedAtOnceOnStderrAsListSaysIt() throws Exception {
        LiveHarness.requireOrSkip("follow gaps test", Files.isRegularFile(JAR) ? List.of()
                : List.of(JAR + " not built (run mvn verify)"));
        Path store = tmp.resolve("store");
        Gap overrun = new Gap("kmsg", Instant.parse("2026-11-22T03:10:00Z"), Instant.parse("2026-11-22T03:14:00Z"),
                OptionalLong.of(412), "the kernel's ring buffer overwrote records before the agent read them",
                Instant.now());
        String gapLine = "whokilled: no complete data 2026-11-22 03:10:00 to 2026-11-22 03:14:00 UTC (kmsg: the kernel's"
                + " ring buffer overwrote records before the agent read them, 412 lost)";
        try (EventStore s = EventStore.open(store, StoreConfig.defaults(), Clock.systemUTC())) {
            s.append(StoreEntry.of(killed(4242, Instant.now())));
            s.flush();
            follower = CliProcess.start("list", "-f", "-o", "json", "--store", store.toString());
            follower.out().await(l -> l.contains("\"pid\":4242"), WAIT, "the death stored before following");

            s.append(StoreEntry.of(overrun));
            s.flush();
            assertEquals(gapLine, follower.err().await(l -> l.contains("no complete data"), WAIT, "the gap"));

            s.append(StoreEntry.of(killed(4343, Instant.now())));
            s.flush();
            follower.out().await(l -> l.contains("\"pid\":4343"), WAIT, "the death stored after the gap");
        }
        assertEquals(0, follower.stop(), "Ctrl+C or SIGTERM ends following with exit 0");

        List<String> out = follower.out().all();
        assertEquals(2, out.size(), out::toString);
        for (String line : out) {
            JsonNode death = JSON.readTree(line);
            assertEquals("termination", death.get("type").asText(), line);
        }
        assertEquals(List.of(gapLine), follower.err().all());
        LiveHarness.Cli list = cli("list", "--store", store.toString());
        assertTrue(list.err().lines().anyMatch(gapLine::equals), "list says it the same way: " + list.err());
    }

    @Tag("live")
    @Test
    void watch_agentSigkilledAndRestarted_printsTheDowntimeGapAtOnce() throws Exception {
        LiveHarness.requireOrSkip("follow gaps test with the agent", LiveHarness.missingForAgent());
        Path store = tmp.resolve("store");
        agent = AgentProcess.start(JAR, store);
        follower = CliProcess.start("watch", "--store", store.toString());
        awaitFollowing();

        agent.kill();
        agent = AgentProcess.start(JAR, store);
        String gap = follower.err().await(l -> l.contains("no complete data"), WAIT, "the agent's downtime");
        assertTrue(gap.startsWith("whokilled: no complete data ") && gap.contains(" UTC (agent: the agent was not running"),
                gap);
        assertEquals(0, follower.stop());
        assertTrue(follower.out().all().stream().noneMatch(l -> l.contains("no complete data")),
                "gaps never on stdout: " + follower.out().all());
    }

    /**
     * Waits until watch prints a death: it follows from its own start, so a kill before its JVM is up would go
     * unseen. A victim this test started is killed by a shell it started, up to four times.
     */
    private void awaitFollowing() throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            Process victim = children.start("sleep", "60");
            Thread.sleep(300); // the agent reads the victim's name while it runs
            children.start("sh", "-c", "kill -TERM " + victim.pid());
            assertEquals(143, waitFor(victim));
            String pid = " " + victim.pid() + " ";
            if (follower.out().within(l -> l.contains(pid), Duration.ofSeconds(8)).isPresent()) {
                return;
            }
        }
        fail("watch printed none of four deaths; its stderr: " + follower.err().all() + "; agent: " + agent.log());
    }
}
