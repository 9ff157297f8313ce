package dev.whokilled.cli.e2e;

import static dev.whokilled.cli.e2e.LiveHarness.JAR;
import static dev.whokilled.cli.e2e.LiveHarness.cli;
import static dev.whokilled.cli.e2e.LiveHarness.python;
import static dev.whokilled.cli.e2e.LiveHarness.waitFor;
import static dev.whokilled.cli.e2e.LiveHarness.waitUntilListed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.cli.e2e.LiveHarness.Cli;
import dev.whokilled.cli.testing.TestCgroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent, for real: started from the built jar on a temporary store, it watches this
 * machine while the test OOM-kills, signals, escalates, crashes and aborts processes it started
 * itself; then {@code list --json} and {@code explain} must say the right thing about each. The
 * agent is stopped with SIGTERM (exit 0, flushed) and restarted (no duplicates).
 *
 * <p>Safety (DESIGN.md): the OOM happens in a 32 MiB child of this test's own memory cgroup;
 * only pids the test started are signalled; every wait is bounded; children, the cgroup and the
 * agent (and its tracefs instance) are gone at the end. Needs root, cgroup v1 memory, tracefs and
 * python3: skipped without them, except under CI=true, where that fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class AgentEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept when the test fails, so the store can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final Children children = new Children();
    private AgentProcess agent;
    private Path store;

    @BeforeEach
    void prerequisites() throws Exception {
        List<String> missing = LiveHarness.missingForAgent();
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) {
            missing.add("no cgroup v1 memory controller");
        }
        LiveHarness.requireOrSkip("end-to-end test", missing);
        store = tmp.resolve("store");
        agent = AgentProcess.start(JAR, store);
    }

    @AfterEach
    void cleanUp() throws Exception {
        children.close();
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void agent_realDeaths_areExplainedRightThenSurviveARestartOnce() throws Exception {
        Map<String, Long> pid = new HashMap<>();
        String memcg;
        try (TestCgroup group = TestCgroup.create(32L << 20)) {
            memcg = group.path();
            Process hog = children.start("sh", "-c", "echo $$ > " + group.procs() + " && exec tail /dev/zero");
            pid.put("oom", hog.pid());
            assertEquals(137, waitFor(hog));
        }

        Process terminated = children.start("sleep", "60");
        // The sender lives on a moment after its kill, as a shell or supervisor does: a process that exits within a
        // millisecond of its exec may be gone before the agent reads its command line (then only pid and comm are known).
        Process termSender = children.start("sh", "-c", "kill -TERM " + terminated.pid() + "; sleep 1");
        pid.put("term", terminated.pid());
        pid.put("termSender", termSender.pid());
        assertEquals(143, waitFor(terminated));

        Process killed = children.start("sleep", "60");
        Process killSender = children.start("sh", "-c", "exec kill -KILL " + killed.pid());
        pid.put("kill", killed.pid());
        pid.put("killSender", killSender.pid());
        assertEquals(137, waitFor(killed));

        Process stubborn = children.start(python(), "-c",
                "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)");
        Thread.sleep(800); // let python install its handler before the supervisor starts
        Process supervisor = children.start("sh", "-c", "kill -TERM " + stubborn.pid() + "; sleep 2; kill -KILL " + stubborn.pid());
        pid.put("escalated", stubborn.pid());
        pid.put("supervisor", supervisor.pid());
        assertEquals(137, waitFor(stubborn));

        Process crash = children.start(python(), "-c", "import ctypes; ctypes.string_at(0)");
        pid.put("crash", crash.pid());
        assertEquals(139, waitFor(crash));

        Process abort = children.start(python(), "-c", "import os; os.abort()");
        pid.put("abort", abort.pid());
        assertEquals(134, waitFor(abort));

        Process parent = children.start("sh", "-c", "sleep 60 & echo $!; wait");
        long orphan = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().strip());
        Process orphanKiller = children.start("kill", "-KILL", Long.toString(parent.pid()));
        pid.put("parent", parent.pid());
        assertEquals(137, waitFor(parent));
        waitFor(orphanKiller);
        ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);

        long latency = waitUntilListed(store, pid.get("kill"), agent);
        System.out.println("detection latency, kill -> visible in 'list --json' (one CLI run each poll): " + latency + " ms");
        Thread.sleep(1500); // let the last exits settle and flush

        Map<Long, JsonNode> deaths = list();
        JsonNode oom = deaths.get(pid.get("oom"));
        assertEquals("oom_kill", oom.get("cause").asText(), oom::toString);
        assertEquals("tail", oom.get("comm").asText());
        assertEquals(memcg, oom.at("/oom/memcg").asText(), oom::toString);
        assertEquals(32768, oom.at("/oom/limit_kb").asLong());
        assertTrue(oom.at("/exit/observed").asBoolean());
        assertEquals(9, oom.at("/exit/signal").asInt());

        JsonNode term = deaths.get(pid.get("term"));
        assertEquals("signal", term.get("cause").asText(), term::toString);
        assertEquals(15, term.at("/exit/signal").asInt());
        assertEquals(pid.get("termSender"), term.at("/killer/pid").asLong());
        assertEquals("sh", term.at("/killer/comm").asText());
        assertEquals("sh -c kill -TERM " + pid.get("term") + "; sleep 1", term.at("/killer/cmdline").asText());

        JsonNode kill = deaths.get(pid.get("kill"));
        assertEquals("signal", kill.get("cause").asText(), kill::toString);
        assertEquals(9, kill.at("/exit/signal").asInt());
        assertEquals(pid.get("killSender"), kill.at("/killer/pid").asLong());
        assertEquals("kill", kill.at("/killer/comm").asText());

        JsonNode escalated = deaths.get(pid.get("escalated"));
        assertEquals("timeout_escalation", escalated.get("cause").asText(), escalated::toString);
        assertEquals(pid.get("supervisor"), escalated.at("/killer/pid").asLong());
        assertTrue(escalated.get("summary").asText().matches(".*\\b2\\.\\d s after a SIGTERM.*"), escalated.get("summary").asText());

        JsonNode crashed = deaths.get(pid.get("crash"));
        assertEquals("crash", crashed.get("cause").asText(), crashed::toString);
        assertEquals(11, crashed.at("/exit/signal").asInt());

        JsonNode aborted = deaths.get(pid.get("abort"));
        assertEquals("abort", aborted.get("cause").asText(), aborted::toString);
        assertEquals(6, aborted.at("/exit/signal").asInt());

        JsonNode killedParent = deaths.get(pid.get("parent"));
        assertEquals("signal", killedParent.get("cause").asText(), killedParent::toString);
        assertTrue(killedParent.get("summary").asText().contains(Long.toString(orphan)), killedParent.get("summary").asText());

        // the kernel counted this test's OOM kill (and any before it this boot); the store explains it
        Cli plain = cli("list", "--store", store.toString());
        assertTrue(plain.err().matches("(?s).*the kernel counted \\d+ OOM kills? this boot \\(/proc/vmstat oom_kill\\); the store"
                + " explains (it|all of them|[1-9]\\d* of them).*"), plain.err());

        Cli explain = cli("explain", Long.toString(pid.get("escalated")), "--store", store.toString());
        assertEquals(0, explain.code(), explain.err());
        assertTrue(explain.out().contains("timeout_escalation"), explain.out());

        assertEquals(0, agent.stop(), "SIGTERM: the agent stops cleanly with exit 0");
        assertTrue(agent.log().stream().anyMatch(l -> l.contains("whokilled agent stopped")), agent.log()::toString);
        agent = AgentProcess.start(JAR, store);
        assertEquals(0, agent.stop());
        agent = null;
        Map<Long, JsonNode> again = list();
        assertEquals(deaths.keySet(), again.keySet(), "a restart duplicates nothing");
        assertEquals(deaths.size(), listLines().size(), "one line per death after a restart");
    }


    private Map<Long, JsonNode> list() throws Exception {
        Map<Long, JsonNode> byPid = new HashMap<>();
        for (JsonNode n : listLines()) {
            if (n.hasNonNull("pid")) {
                byPid.put(n.get("pid").asLong(), n);
            }
        }
        return byPid;
    }

    private List<JsonNode> listLines() throws Exception {
        Cli r = cli("list", "--json", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                // only the deaths this test caused: the store also holds what the ring buffer had before
                if (n.hasNonNull("pid") && children.contains(n.get("pid").asLong())) {
                    nodes.add(n);
                }
            }
        }
        assertFalse(nodes.isEmpty(), r.out());
        return nodes;
    }

}
