package dev.whokilled.cli.e2e;

import static dev.whokilled.cli.e2e.LiveHarness.JAR;
import static dev.whokilled.cli.e2e.LiveHarness.cli;
import static dev.whokilled.cli.e2e.LiveHarness.python;
import static dev.whokilled.cli.e2e.LiveHarness.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.explain.DeathStream;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.testing.SmallTmpfs;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.cli.e2e.LiveHarness.Cli;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Cause;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent when the machine is in trouble: SIGKILLed in the middle of a burst of kills, its store
 * on a full disk, a second agent started on its store. Only pids this test started are signalled;
 * the full disk is a 1 MiB tmpfs mounted for the test; every wait is bounded.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class AgentFaultIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 5;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final Children children = new Children();
    private final List<AgentProcess> agents = new ArrayList<>();
    private SmallTmpfs disk;

    @BeforeEach
    void prerequisites() {
        LiveHarness.requireOrSkip("fault test", LiveHarness.missingForAgent());
    }

    @AfterEach
    void cleanUp() throws Exception {
        children.close();
        for (AgentProcess a : agents) {
            a.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    private AgentProcess startAgent(Path store) throws Exception {
        AgentProcess agent = AgentProcess.start(JAR, store);
        agents.add(agent);
        return agent;
    }

    /** Starts {@code sleep 60} and SIGKILLs it from this JVM; returns its pid. */
    private long killOne() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        children.add(p);
        p.destroyForcibly();
        waitFor(p);
        return p.pid();
    }

    /** The deaths in the store, explained as {@code list} does, keyed by pid and exit time. */
    private static Map<String, Death> deaths(Path store) throws IOException {
        Map<String, Death> out = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        DeathStream stream = DeathStream.forStore(d -> {
            String key = d.termination().subject().pid() + "@" + d.exit().map(e -> e.monotonicNanos()).orElse(-1L)
                    + "/" + d.termination().when().monotonicMicros();
            if (out.put(key, d) != null) {
                duplicates.add(key);
            }
        });
        StoreReader.open(store).scan(TimeWindow.ALL, stream::accept);
        stream.finish();
        assertEquals(List.of(), duplicates, "no death stored twice");
        return out;
    }

    /** Every line of every segment is one whole JSON object. */
    private static long assertSegmentsParse(Path store) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(store)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().startsWith("events-")).toList()) {
                try (BufferedReader r = Files.newBufferedReader(segment)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        JSON.readTree(line);
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void sigkilledMidBurst_storedDeathsKeptOnce_downtimeIsAGap_crashMeanwhileRecoveredFromKmsg() throws Exception {
        Path store = tmp.resolve("store");
        Random random = new Random(20261122L);
        Map<Long, Long> killedAt = new HashMap<>(); // pid -> System.nanoTime() of its SIGKILL
        Map<String, Death> before = Map.of();
        List<Long> crashedWhileDown = new ArrayList<>();
        long lost = 0;
        long oldestLostMs = 0;
        for (int round = 0; round < ROUNDS; round++) {
            AgentProcess agent = startAgent(store);
            Map<String, Death> now = deaths(store);
            assertTrue(now.keySet().containsAll(before.keySet()), "round " + round + ": a death stored before the"
                    + " last SIGKILL is gone");
            Map<Long, Long> thisRound = new HashMap<>();
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(1200));
            while (System.nanoTime() < killAt) {
                long pid = killOne();
                thisRound.put(pid, System.nanoTime());
            }
            agent.kill(); // mid-burst: the kills above were seconds to microseconds ago
            long agentKilled = System.nanoTime();
            killedAt.putAll(thisRound);
            assertSegmentsParse(store);
            before = deaths(store);
            Set<Long> stored = new HashSet<>();
            before.values().forEach(d -> d.termination().subject().pid().ifPresent(p -> stored.add((long) p)));
            for (Map.Entry<Long, Long> k : thisRound.entrySet()) {
                if (!stored.contains(k.getKey())) {
                    lost++;
                    oldestLostMs = Math.max(oldestLostMs, TimeUnit.NANOSECONDS.toMillis(agentKilled - k.getValue()));
                }
            }
            // A crash while no agent runs: only the kernel's segfault line will tell.
            Process crash = new ProcessBuilder(python(), "-c", "import ctypes; ctypes.string_at(0)").start();
            children.add(crash);
            assertEquals(139 - 128, waitFor(crash) & 0x7f, "python3 died of SIGSEGV");
            crashedWhileDown.add(crash.pid());
        }
        // What a SIGKILL loses is what was not yet stored: exits settle 200 ms, then a flush every 100 ms.
        assertTrue(oldestLostMs < 1500, "a death " + oldestLostMs + " ms before the SIGKILL was not stored");
        AgentProcess last = startAgent(store);
        Thread.sleep(3000); // kmsg replay and the 200 ms settle
        last.stop();
        assertSegmentsParse(store);
        Map<String, Death> after = deaths(store);
        assertTrue(after.keySet().containsAll(before.keySet()));

        for (long pid : crashedWhileDown) {
            Death crash = after.values().stream().filter(d -> d.termination().subject().pid().orElse(-1) == pid)
                    .findFirst().orElseThrow(() -> new AssertionError("crash of pid " + pid + " while the agent was"
                            + " down not recovered from kmsg"));
            assertEquals(Cause.CRASH, crash.termination().cause());
            assertTrue(!crash.termination().exit().observed()
                    && crash.termination().notes().stream().anyMatch(n -> n.contains("were not observed")),
                    crash.termination().notes().toString());
        }
        assertEquals(ROUNDS, countAgentGaps(store), "each downtime is a gap in the store");
        Cli list = cli("list", "--store", store.toString());
        assertEquals(ROUNDS, list.err().lines().filter(l -> l.contains("the agent was not running")).count(),
                "list reports each downtime: " + list.err());
        System.out.printf("SIGKILL rounds: %d; killed while the agent ran: %d; not stored: %d, all within %d ms before"
                + " a SIGKILL; deaths in the store: %d%n", ROUNDS, killedAt.size(), lost, oldestLostMs, after.size());
    }

    private static long countAgentGaps(Path store) throws IOException {
        long[] n = {0};
        StoreReader.open(store).scan(TimeWindow.ALL, e -> {
            if (e instanceof dev.whokilled.agent.store.StoreEntry.FactEntry f
                    && f.fact() instanceof dev.whokilled.rules.live.Gap g && g.source().equals("agent")) {
                n[0]++;
            }
        });
        return n[0];
    }

    @Test
    void storeOnAFullDisk_agentKeepsRecording_logsOnce_storesEverythingWhenSpaceReturns() throws Exception {
        disk = SmallTmpfs.mount(tmp.resolve("small"), "1m");
        Path store = disk.path().resolve("store");
        AgentProcess agent = startAgent(store);
        Path filler = disk.fill("filler");
        List<Long> killed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            killed.add(killOne());
            Thread.sleep(50);
        }
        Thread.sleep(1500); // many flushes fail meanwhile
        long errors = agent.log().stream().filter(l -> l.contains("cannot write")).count();
        assertEquals(1, errors, "logged once, not once per flush: " + agent.log());
        assertTrue(agent.log().stream().noneMatch(l -> l.contains("store writer stopped")), agent.log().toString());

        Files.delete(filler);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (agent.log().stream().noneMatch(l -> l.contains("writable again")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(agent.log().stream().anyMatch(l -> l.contains("writable again") && l.contains("nothing was lost")),
                agent.log().toString());
        assertEquals(0, agent.stop());
        agent.log().stream().filter(l -> l.contains("cannot write") || l.contains("writable again"))
                .forEach(l -> System.out.println("full disk: agent log: " + l));
        Set<Integer> stored = new HashSet<>();
        deaths(store).values().forEach(d -> d.termination().subject().pid().ifPresent(stored::add));
        for (long pid : killed) {
            assertTrue(stored.contains((int) pid), "pid " + pid + " killed while the disk was full is stored");
        }
    }

    @Test
    void secondAgentOnTheSameStore_refusedWithTheHoldersPid() throws Exception {
        Path store = tmp.resolve("store");
        AgentProcess first = startAgent(store);
        // Its own config, as the first's: the test trace instance, no journal. Bounded: were the lock ever to stop
        // refusing it, it would run as an agent forever; cliWithin kills it by its pid when the time is up.
        Path config = AgentProcess.writeConfig(store, "");
        Cli second = LiveHarness.cliWithin(30, "agent", "--store", store.toString(), "--config", config.toString());
        assertEquals(2, second.code(), second.err());
        assertTrue(second.err().contains("in use by another whokilled agent (pid " + first.pid() + ")"), second.err());
        assertTrue(!second.err().contains("Exception") && !second.err().contains("\tat "), second.err());
    }
}
