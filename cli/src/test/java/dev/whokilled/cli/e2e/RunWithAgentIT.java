package dev.whokilled.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code whokilled run} from the built jar while the real agent (also from the jar) writes a
 * temporary store: the command is killed by a signal, and stderr must carry the agent's
 * explanation naming the sender, which a kernel log alone cannot give.
 *
 * <p>Safety (DESIGN.md): the only processes signalled are the commands run here, by themselves or
 * their own child; every wait is bounded; the agent is stopped at the end. Needs root (kmsg,
 * the proc connector) and tracefs: skipped without them, except under CI=true, where that fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class RunWithAgentIT {
    private static final Path JAR = Path.of("target", "whokilled.jar");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private AgentProcess agent;

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void run_killedWhileAnAgentRuns_stderrNamesTheSenderFromTheStore() throws Exception {
        LiveHarness.requireOrSkip("run-with-agent test", LiveHarness.missingForAgent());
        Path store = tmp.resolve("store");
        agent = AgentProcess.start(JAR, store);

        // kills itself: the sender is the command
        Result self = run(store, "sh", "-c", "kill -KILL $$");
        assertEquals(137, self.code, self.err);
        Matcher m = Pattern.compile("sh \\(pid (\\d+)\\) raised SIGKILL itself").matcher(self.err);
        assertTrue(m.find(), self.err);
        assertTrue(self.err.contains("SIGKILL to pid " + m.group(1) + " from sh (pid " + m.group(1) + ")"), self.err);
        assertFalse(self.err.contains("kernel log"), self.err);

        // killed by its own child, a different process: the sender is named by pid and comm (its command line
        // only when the agent read it before the short-lived child exited, so not asserted)
        Result child = run(store, "sh", "-c", "sh -c 'kill -TERM $PPID'; sleep 5");
        assertEquals(143, child.code, child.err);
        Matcher c = Pattern.compile("sh \\(pid (\\d+)\\) was killed by kill -15 \\(SIGTERM\\) from sh \\(pid (\\d+)")
                .matcher(child.err);
        assertTrue(c.find(), child.err);
        assertFalse(c.group(1).equals(c.group(2)), child.err);
        assertTrue(child.err.contains("cause       signal, killed by process sh (pid " + c.group(2) + ")"), child.err);
        assertFalse(child.err.contains("kernel log"), child.err);
    }

    private record Result(int code, String err) {
    }

    private static Result run(Path store, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", JAR.toString(), "run", "--store",
                store.toString(), "--"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("whokilled run " + String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), new String(err, StandardCharsets.UTF_8));
    }
}
