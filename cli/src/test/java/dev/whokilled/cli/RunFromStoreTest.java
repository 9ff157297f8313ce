package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with an agent's store: the test plays the agent (it holds the store open, so the lock
 * names a live pid, this JVM) and stores the death of the command's pid, with its sender.
 */
class RunFromStoreTest {
    private static final Instant STARTED = Run.CLOCK.instant();

    @TempDir
    Path tmp;

    private static ProcessIdentity identity(int pid, String comm, String cmdline) {
        return new ProcessIdentity(pid, OptionalLong.of(1000), OptionalInt.of(1), Optional.of(comm), Optional.of(cmdline),
                OptionalLong.of(0), Optional.of("/"));
    }

    /** The facts an agent stores when {@code sender} runs {@code kill -9 pid}: the signal, then the exit. */
    private static void storeKill(EventStore store, int pid, Instant at) {
        store.append(StoreEntry.of(new SignalSent(9, 0, pid, Optional.of("sh"), true, 0, 31337, OptionalInt.of(31337),
                Optional.of("kill"), 4_990_000_000L, at, Optional.of(identity(31337, "kill", "kill -9 " + pid)))));
        store.append(StoreEntry.of(new ProcessExit(pid, 9, 5_000_000_000L, at.plusMillis(10), "boot-1",
                OptionalInt.of(1), Optional.of(identity(pid, "sh", "sh -c job")), List.of())));
    }

    @Test
    void storedDeath_pidReusedBeforeThisRun_choosesTheDeathAfterItStarted() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), Run.CLOCK)) {
            storeKill(store, 4242, STARTED.minus(Duration.ofHours(1)));
            storeKill(store, 4243, STARTED.plusSeconds(1));
            store.flush();
        }
        assertTrue(RunCommand.storedDeath(dir, 4242, STARTED).isEmpty(), "an hour-old death of a reused pid is not this run's");
        Optional<Death> d = RunCommand.storedDeath(dir, 4243, STARTED);
        assertTrue(d.isPresent());
        assertEquals(OptionalInt.of(31337), d.get().termination().killer().pid());
    }

    @Test
    void runningAgent_lockOfALiveProcessOnly() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), Run.CLOCK)) {
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), RunCommand.runningAgent(dir));
        }
        assertFalse(RunCommand.runningAgent(dir).isPresent(), "closed: the lock file is empty");
        Files.writeString(dir.resolve("lock"), "999999999\n");
        assertFalse(RunCommand.runningAgent(dir).isPresent(), "a crashed agent's pid is not a running agent");
        assertFalse(RunCommand.runningAgent(tmp.resolve("absent")).isPresent());
    }

    @Test
    @Timeout(30)
    void run_agentStoresTheDeath_stderrNamesTheSenderFromTheStore() throws Exception {
        Path dir = tmp.resolve("store");
        Path pidFile = tmp.resolve("pid");
        Path go = tmp.resolve("go");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), Run.CLOCK)) {
            // the "agent": once the command says its pid, store its death a moment "later", then let it die
            CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> {
                try {
                    while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
                        TimeUnit.MILLISECONDS.sleep(20);
                    }
                    int pid = Integer.parseInt(Files.readString(pidFile).strip());
                    storeKill(store, pid, STARTED.plusSeconds(1));
                    store.flush();
                    Files.writeString(go, "");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Run r = Run.of("run", "--store", dir.toString(), "--", "sh", "-c",
                    "echo $$ > " + pidFile + "; while [ ! -e " + go + " ]; do sleep 0.05; done; kill -KILL $$");
            agent.get(10, TimeUnit.SECONDS);
            assertEquals(137, r.code());
            assertTrue(r.err().contains("SIGKILL"), r.err());
            assertTrue(r.err().contains("kill (pid 31337"), r.err());
            assertFalse(r.err().contains("kernel log"), r.err());
        }
    }

    @Test
    @Timeout(30)
    void run_agentRunsButStoresNothing_saysSoWithinTheBoundAndFallsBack() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), Run.CLOCK)) {
            long t0 = System.nanoTime();
            Run r = Run.of("run", "--store", dir.toString(), "--", "sh", "-c", "kill -TERM $$");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(143, r.code());
            assertTrue(r.err().contains("stored no death of pid"), r.err());
            assertTrue(r.err().contains("ended with status 143: Killed by SIGTERM (15)"), r.err());
            assertTrue(ms < 10_000, "bounded wait: " + ms + " ms");
        }
    }
}
