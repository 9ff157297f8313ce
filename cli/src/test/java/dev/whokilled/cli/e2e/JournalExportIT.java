package dev.whokilled.cli.e2e;

import static dev.whokilled.cli.e2e.LiveHarness.JAR;
import static dev.whokilled.cli.e2e.LiveHarness.cli;
import static dev.whokilled.cli.e2e.LiveHarness.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.export.journal.JournalFields;
import dev.whokilled.agent.source.journal.RealJournald;
import dev.whokilled.cli.e2e.LiveHarness.Cli;
import dev.whokilled.cli.testing.TestCgroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal export for real: the agent from the built jar with {@code export.journal=true}, a real
 * systemd-journald (started by the test when none runs, stopped by its pid), and real deaths of processes the test
 * started: a SIGTERM from {@code sh -c 'kill …'} and an OOM kill in a 32 MiB child of the test's own memory cgroup.
 * {@code journalctl MESSAGE_ID=…} must list each with the documented fields, saying what {@code list --json} says.
 * Prints the time from the death to the entry in journalctl. Needs root, cgroup v1 memory, tracefs, journald;
 * skipped without them, except under CI=true, where that fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class JournalExportIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final Children children = new Children();
    private RealJournald journald;
    private AgentProcess agent;
    private Path store;

    @BeforeEach
    void prerequisites() throws Exception {
        List<String> missing = LiveHarness.missingForAgent();
        TestCgroup.unavailable().ifPresent(missing::add);
        LiveHarness.requireOrSkip("journal export test", missing);
        journald = RealJournald.acquire();
        store = tmp.resolve("store");
        agent = AgentProcess.startWith(JAR, store, "export.journal=true\n");
        assertTrue(agent.log().stream().anyMatch(l -> l.contains("journal export on")), agent.log()::toString);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            children.close();
            if (agent != null) {
                agent.close();
            }
        } finally {
            if (journald != null) {
                journald.close();
            }
        }
    }

    @Test
    void agent_realDeaths_areJournalEntriesWithTheDocumentedFields() throws Exception {
        List<Long> latencies = new ArrayList<>();
        JsonNode term = null;
        long termPid = 0;
        long senderPid = 0;
        for (int i = 0; i < 3; i++) { // three samples of the latency
            Process victim = children.start("sleep", "60");
            Thread.sleep(300); // a victim that has run a while: the agent has read its command line (see EventFileEndToEndIT)
            // the sender lives on a moment, so the agent reads its command line (see AgentEndToEndIT)
            Process sender = children.start("sh", "-c", "kill -TERM " + victim.pid() + "; sleep 1");
            assertEquals(143, waitFor(victim));
            long died = System.nanoTime();
            JsonNode entry = awaitEntry(victim.pid());
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - died));
            if (term == null) {
                term = entry;
                termPid = victim.pid();
                senderPid = sender.pid();
            }
        }
        System.out.println("journal export latency, death -> entry in 'journalctl MESSAGE_ID=...' (one journalctl run"
                + " per 50 ms poll): " + latencies + " ms");

        assertEquals(Long.toString(termPid), term.get("WHOKILLED_PID").asText());
        assertEquals("signal", term.get("WHOKILLED_CAUSE").asText(), term::toString);
        assertEquals("15", term.get("WHOKILLED_SIGNAL").asText());
        assertEquals("SIGTERM", term.get("WHOKILLED_SIGNAL_NAME").asText());
        assertEquals("143", term.get("WHOKILLED_EXIT_STATUS").asText());
        assertEquals("sleep", term.get("WHOKILLED_COMM").asText());
        assertEquals("sleep 60", term.get("WHOKILLED_CMDLINE").asText());
        assertEquals(Long.toString(senderPid), term.get("WHOKILLED_KILLER_PID").asText());
        assertEquals("sh", term.get("WHOKILLED_KILLER_COMM").asText());
        // under load the agent may miss the sender's command line (see AgentEndToEndIT); when it has one, it is this
        if (term.has("WHOKILLED_KILLER_CMDLINE")) {
            assertEquals("sh -c kill -TERM " + termPid + "; sleep 1", term.get("WHOKILLED_KILLER_CMDLINE").asText());
        }
        assertEquals("5", term.get("PRIORITY").asText());
        assertEquals("whokilled", term.get("SYSLOG_IDENTIFIER").asText());
        assertEquals(term.get("_BOOT_ID").asText(), term.get("WHOKILLED_BOOT_ID").asText());
        Instant.parse(term.get("WHOKILLED_TIME").asText());
        assertFalse(term.toString().contains("\"null\""), term::toString);
        JsonNode listed = listed(termPid);
        assertEquals(listed.get("summary").asText(), term.get("MESSAGE").asText(), "the journal says what list says");

        String memcg;
        long hogPid;
        try (TestCgroup group = TestCgroup.create(32L << 20)) {
            memcg = group.path();
            Process hog = children.start("sh", "-c", "echo $$ > " + group.procs() + " && exec tail /dev/zero");
            hogPid = hog.pid();
            assertEquals(137, waitFor(hog));
        }
        JsonNode oom = awaitEntry(hogPid);
        assertEquals("oom_kill", oom.get("WHOKILLED_CAUSE").asText(), oom::toString);
        assertEquals("4", oom.get("PRIORITY").asText());
        assertEquals("tail", oom.get("WHOKILLED_COMM").asText());
        assertEquals("9", oom.get("WHOKILLED_SIGNAL").asText());
        assertEquals("kernel", oom.get("WHOKILLED_KILLER_COMM").asText());
        // The feed judges an exit only once its input horizon has passed the report's close, so the report is in.
        assertEquals("memcg", oom.get("WHOKILLED_OOM_CONSTRAINT").asText(), oom::toString);
        assertEquals(memcg, oom.get("WHOKILLED_OOM_MEMCG").asText());
        assertEquals(Long.toString(32L << 20), oom.get("WHOKILLED_OOM_LIMIT_BYTES").asText());
        assertEquals(listed(hogPid).get("summary").asText(), oom.get("MESSAGE").asText());
        Files.writeString(tmp.resolve("journal-entries.json"), term.toPrettyString() + "\n" + oom.toPrettyString());
    }


    /**
     * This test's agent's entry for {@code pid}, polling journalctl every 50 ms for at most 20 s. Matched by the
     * sending agent's pid ({@code _PID}, from the socket's credentials) too: the journal keeps earlier runs' entries,
     * and a pid is reused (a run once took another run's entry for the same victim pid).
     */
    private JsonNode awaitEntry(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> entry = journalctl("MESSAGE_ID=" + JournalFields.MESSAGE_ID, "WHOKILLED_PID=" + pid,
                    "_PID=" + agent.pid());
            if (entry.isPresent()) {
                return entry.get();
            }
            Thread.sleep(50);
        }
        return fail("no journal entry for pid " + pid + " within 20 s; agent log: " + agent.log());
    }

    private static Optional<JsonNode> journalctl(String... matches) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealJournald.JOURNALCTL.toString(), "--no-pager", "--all", "-o",
                "json"));
        cmd.addAll(List.of(matches));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        waitFor(p);
        String last = null;
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                last = line;
            }
        }
        return last == null ? Optional.empty() : Optional.of(JSON.readTree(last));
    }

    private JsonNode listed(long pid) throws Exception {
        Cli r = cli("list", "--json", "--pid", Long.toString(pid), "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow());
    }
}
