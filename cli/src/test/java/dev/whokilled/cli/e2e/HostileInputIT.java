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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against the real agent (issue 4): secrets in command lines, an imitation OOM report written into
 * {@code /dev/kmsg} by a root process, and process names built to mislead a parser or a terminal. One agent is started
 * from the built jar on a temporary store for the class; each victim is a process this test started, killed by a sender this test
 * started, by pid.
 *
 * <p>Safety (DESIGN.md): only pids the test started are signalled, every wait is bounded, children and the agent are
 * gone at the end; at most 3 lines are written to {@code /dev/kmsg} (printk_devkmsg=ratelimit allows a burst of 10).
 * Needs root, a writable {@code /dev/kmsg}, tracefs and python3: skipped without them, except under CI=true, where
 * that fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class HostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private final Children children = new Children();
    private final List<Long> strays = new ArrayList<>();
    /** One agent for the class: each start and stop is a chance for the races the report below names. */
    private static AgentProcess agent;
    private static Path store;

    @BeforeAll
    static void prerequisites() throws Exception {
        List<String> missing = LiveHarness.missingForAgent();
        if (!Files.isWritable(Path.of("/dev/kmsg"))) {
            missing.add("/dev/kmsg not writable (run as root)");
        }
        LiveHarness.requireOrSkip("hostile-input test", missing);
        store = tmp.resolve("store");
        agent = AgentProcess.start(JAR, store); // fails when a source is missing: every assertion needs them all
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        children.close();
        for (long pid : strays) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void secretsInCommandLines_neverReachTheStore() throws Exception {
        // The shell stays (the ': ' after sleep keeps it from exec'ing sleep), so its command line holds the secrets.
        Process victim = children.start("sh", "-c", "sleep 60; :", "--password=hunter2", "TOKEN=s3cr3tTokenXyz");
        Thread.sleep(300);
        victim.toHandle().children().forEach(c -> strays.add(c.pid()));
        Process sender = children.start("sh", "-c", "kill -KILL $1; sleep 1", "--api-key=senderKey777",
                Long.toString(victim.pid()));
        assertEquals(137, waitFor(victim));
        waitFor(sender);
        waitUntilListed(store, victim.pid(), agent);
        Thread.sleep(300); // the sender's own exit and the last signals settle

        List<String> secrets = List.of("hunter2", "s3cr3tTokenXyz", "senderKey777");
        try (Stream<Path> files = Files.walk(store)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(f, StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertFalse(content.contains(secret), f + " holds " + secret);
                }
            }
        }
        assertTrue(agent.log().stream().noneMatch(l -> secrets.stream().anyMatch(l::contains)), agent.log()::toString);

        JsonNode death = only(victim.pid());
        assertEquals("sh -c sleep 60; : --password=*** TOKEN=***", death.get("cmdline").asText(), death::toString);
        assertEquals(sender.pid(), death.at("/killer/pid").asLong(), death::toString);
        assertEquals("sh -c kill -KILL $1; sleep 1 --api-key=*** " + victim.pid(), death.at("/killer/cmdline").asText());
        Cli text = cli("explain", Long.toString(victim.pid()), "--store", store.toString());
        assertTrue(text.out().contains("--api-key=***"), text.out());
        assertTrue(secrets.stream().noneMatch(text.out()::contains), text.out());
    }

    @Test
    void imitationOomReportInKmsg_neverFramesTheProcess() throws Exception {
        Process victim = children.start("sleep", "60");
        long pid = victim.pid();
        // What the kernel prints for a memcg OOM kill, written by a root process: the kernel turns facility 0 (kern)
        // into 1 (user) for every write to /dev/kmsg, so the lines carry a userspace facility.
        List<String> forged = List.of(
                "<4>sleep invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "<6>oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/forged,"
                        + "task_memcg=/forged,task=sleep,pid=" + pid + ",uid=0",
                "<3>Memory cgroup out of memory: Killed process " + pid + " (sleep) total-vm:5000kB, anon-rss:900kB,"
                        + " file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:44kB oom_score_adj:0");
        for (String line : forged) {
            try (OutputStream kmsg = Files.newOutputStream(Path.of("/dev/kmsg"))) {
                kmsg.write((line + "\n").getBytes(StandardCharsets.US_ASCII)); // one write() is one record
            }
        }
        Process sender = children.start("sh", "-c", "kill -KILL " + pid + "; sleep 1");
        assertEquals(137, waitFor(victim));
        waitUntilListed(store, pid, agent);
        Thread.sleep(300); // the sender's own exit and the last signals settle
        Thread.sleep(500);

        JsonNode death = only(pid);
        assertEquals("signal", death.get("cause").asText(), death::toString);
        assertEquals(sender.pid(), death.at("/killer/pid").asLong(), death::toString);
        assertFalse(death.has("oom"), death::toString);
        Cli explain = cli("explain", Long.toString(pid), "--store", store.toString());
        assertEquals(0, explain.code(), explain.err());
        assertFalse(explain.out().contains("oom_kill") || explain.out().contains("OOM killer"), explain.out());

        // after the fact, from the live kernel log, as a support engineer would
        Cli analyze = cli("analyze", "--json", "--pid", Long.toString(pid));
        for (String line : analyze.out().split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                assertFalse("oom_kill".equals(n.path("cause").asText()), "analyze framed pid " + pid + ": " + line);
            }
        }
        System.out.println("analyze of the forged report for pid " + pid + " (exit " + analyze.code() + "): "
                + analyze.out().strip() + " | " + analyze.err().strip());
    }

    @Test
    void hostileComm_attributedToTheRightPid_escapedInTextExactInJson() throws Exception {
        List<String> names = List.of("Killed process 1", "x) S 1 (y z", "\u001b[2Jwiped");
        for (String name : names) {
            Process victim = children.start(python(), "-c", "import ctypes, sys, time\n"
                    + "libc = ctypes.CDLL(None)\n"
                    + "libc.prctl(15, ctypes.c_char_p(sys.argv[1].encode()), 0, 0, 0)\n"
                    + "print('ready', flush=True)\n"
                    + "time.sleep(60)\n", name);
            String ready = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("ready", ready);
            String comm = Files.readString(Path.of("/proc", Long.toString(victim.pid()), "comm"),
                    StandardCharsets.UTF_8).replaceFirst("\n$", "");
            String expected = name.length() > 15 ? name.substring(0, 15) : name; // the kernel keeps 15 bytes
            assertEquals(expected, comm);
            Process sender = children.start("sh", "-c", "kill -KILL " + victim.pid() + "; sleep 1");
            assertEquals(137, waitFor(victim));
            waitUntilListed(store, victim.pid(), agent);
        Thread.sleep(300); // the sender's own exit and the last signals settle

            JsonNode death = only(victim.pid());
            assertEquals(expected, death.get("comm").asText(), death::toString);
            assertEquals("signal", death.get("cause").asText(), death::toString);
            assertEquals(sender.pid(), death.at("/killer/pid").asLong(), death::toString);

            for (Cli text : List.of(cli("list", "--pid", Long.toString(victim.pid()), "--store", store.toString()),
                    cli("explain", Long.toString(victim.pid()), "--store", store.toString()))) {
                assertEquals(0, text.code(), text.err());
                assertTrue(text.out().chars().noneMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f),
                        () -> "raw control character in: " + text.out());
                if (name.startsWith("\u001b")) {
                    assertTrue(text.out().contains("\\x1b[2Jwiped"), text.out());
                }
            }
        }
    }

    private JsonNode only(long pid) throws Exception {
        Cli r = cli("list", "--json", "--pid", Long.toString(pid), "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        assertEquals(1, nodes.size(), r.out());
        return nodes.get(0);
    }


}
