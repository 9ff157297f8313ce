package dev.whokilled.agent.source.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.testing.LivePrerequisites;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.proc.ProcFileParsers;
import dev.whokilled.rules.redact.CommandLineRedactor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The exits source against the real kernel: processes this test starts are killed by pid, and their exits must arrive
 * with the right status and identity. Needs root (CAP_NET_ADMIN in the initial namespaces); skipped without it,
 * except under {@code CI=true}, where a missing prerequisite fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class ExitSourceLiveTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final LinkedBlockingQueue<Fact> FACTS = new LinkedBlockingQueue<>();
    private static final List<Fact> SEEN = new ArrayList<>();
    private static ExitSource source;

    @BeforeAll
    static void start() throws Exception {
        require(Files.isReadable(Path.of("/proc/self/status")), "no /proc");
        String status = Files.readString(Path.of("/proc/self/status"));
        require(ProcFileParsers.realUid(status).equals(OptionalLong.of(0)), "not root: the proc connector needs"
                + " CAP_NET_ADMIN");
        ProcConnector connector;
        try {
            connector = ProcConnector.open(8 << 20, Duration.ofMillis(500), Duration.ofSeconds(2));
        } catch (ProcConnectorException e) {
            require(false, e.getMessage());
            return;
        }
        String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        ProcessTable table = new ProcessTable(new ProcSnapshotter(Path.of("/proc"), 4096, CommandLineRedactor::redact), 65_536);
        source = new ExitSource(connector, table, Clock.systemUTC(), bootId, FACTS::add, stop -> { });
        int loaded = source.start();
        assertTrue(loaded > 0, "initial /proc snapshot read no process");
    }

    @AfterAll
    static void stop() throws Exception {
        if (source != null) {
            source.close();
            assertEquals(Optional.empty(), source.failure());
        }
    }

    private static void require(boolean met, String why) {
        LivePrerequisites.require(met, why);
    }

    /** Waits for the exit of {@code pid}, remembering every other fact seen. */
    private static ProcessExit awaitExit(long pid) throws InterruptedException {
        synchronized (SEEN) {
            for (Fact fact : SEEN) {
                if (fact instanceof ProcessExit exit && exit.pid() == pid) {
                    return exit;
                }
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Fact fact = FACTS.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (fact == null) {
                    break;
                }
                SEEN.add(fact);
                if (fact instanceof ProcessExit exit && exit.pid() == pid) {
                    return exit;
                }
            }
            List<Fact> gaps = SEEN.stream().filter(f -> f instanceof Gap).toList();
            throw new AssertionError("no exit of pid " + pid + " within " + WAIT + "; gaps: " + gaps
                    + "; source failure: " + source.failure());
        }
    }

    private static void killQuietly(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void kill9_sleep_exitWithSignalAndIdentity() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            Thread.sleep(200); // let the exec event be read, so the identity is the sleep's, not the JVM's child's
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(sleep.pid())).start();
            assertTrue(kill.waitFor(5, TimeUnit.SECONDS), "kill -9 did not finish");

            ProcessExit exit = awaitExit(sleep.pid());

            assertEquals(OptionalInt.of(9), exit.signal());
            assertEquals(false, exit.coreDumped());
            ProcessIdentity identity = exit.identity().orElseThrow();
            assertEquals(Optional.of("sleep"), identity.comm());
            assertEquals(Optional.of("sleep 30"), identity.cmdline());
            assertEquals(OptionalLong.of(0), identity.uid());
            assertTrue(identity.startTime().isPresent());
            assertEquals(OptionalInt.of((int) ProcessHandle.current().pid()), exit.parentPid());
            assertTrue(exit.monotonicNanos() > 0);
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void kill9_parentShell_childListedAsOrphan() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 30 & echo $!; wait").start();
        long orphanPid = -1;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(),
                    StandardCharsets.US_ASCII));
            orphanPid = Long.parseLong(out.readLine().strip());
            Thread.sleep(200);
            shell.destroyForcibly(); // SIGKILL to the shell's pid

            ProcessExit exit = awaitExit(shell.pid());

            assertEquals(OptionalInt.of(9), exit.signal());
            assertEquals(Optional.of("sh"), exit.identity().flatMap(ProcessIdentity::comm));
            long wanted = orphanPid;
            ProcessIdentity orphan = exit.orphans().stream().filter(o -> o.pid() == wanted).findFirst()
                    .orElseThrow(() -> new AssertionError("orphan " + wanted + " not in " + exit.orphans()));
            assertEquals(Optional.of("sleep 30"), orphan.cmdline());
            assertTrue(orphan.ppid().isPresent() && orphan.ppid().getAsInt() != shell.pid(),
                    "orphan's ppid should be its new parent: " + orphan.ppid());

            killQuietly(orphanPid);
            ProcessExit orphanExit = awaitExit(orphanPid);
            assertEquals(OptionalInt.of(9), orphanExit.signal());
        } finally {
            shell.destroyForcibly();
            if (orphanPid > 0) {
                killQuietly(orphanPid);
            }
            shell.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void exit3_shell_exitCodeThree() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "exit 3").start();
        try {
            assertEquals(3, shell.waitFor() & 0xff);

            ProcessExit exit = awaitExit(shell.pid());

            assertEquals(OptionalInt.of(3), exit.exitCode());
            assertEquals(OptionalInt.empty(), exit.signal());
            assertEquals(List.of(), exit.orphans());
        } finally {
            shell.destroyForcibly();
        }
    }

}
