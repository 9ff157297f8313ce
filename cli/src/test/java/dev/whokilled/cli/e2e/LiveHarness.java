package dev.whokilled.cli.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import dev.whokilled.agent.testing.LivePrerequisites;
import dev.whokilled.cli.input.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the live tests that drive the built jar share: the CLI as a child process, bounded waits, python3. */
final class LiveHarness {
    static final Path JAR = Path.of("target", "whokilled.jar");

    /** A finished CLI run. */
    record Cli(int code, String out, String err) {
    }

    private LiveHarness() {
    }

    /** What every test driving the real agent needs and this machine lacks: root's kmsg, tracefs, python3, the jar. */
    static List<String> missingForAgent() {
        List<String> missing = new ArrayList<>();
        if (!Files.isReadable(Path.of("/dev/kmsg"))) {
            missing.add("/dev/kmsg not readable (run as root)");
        }
        if (!Files.isDirectory(Path.of("/sys/kernel/tracing/instances"))) {
            missing.add("tracefs not mounted at /sys/kernel/tracing (mount -t tracefs nodev /sys/kernel/tracing)");
        }
        if (Executables.onPath("python3").isEmpty()) {
            missing.add("python3 not installed");
        }
        if (!Files.isRegularFile(JAR)) {
            missing.add(JAR + " not built (run mvn verify)");
        }
        return missing;
    }

    /** Skips the test when something is missing, except under CI=true, where a live test must run: there it fails. */
    static void requireOrSkip(String test, List<String> missing) {
        LivePrerequisites.require(missing.isEmpty(), test + ": " + String.join("; ", missing));
    }

    /** Runs {@code whokilled ARGS} from the built jar, bounded to a minute. */
    static Cli cli(String... args) throws IOException, InterruptedException {
        return cliWithin(60, args);
    }

    /**
     * Runs {@code whokilled ARGS} from the built jar and waits at most {@code seconds} for it: its output goes to
     * temporary files, not pipes, so nothing blocks before the bounded wait. A child still running then is killed
     * (by its pid) and the test fails.
     */
    static Cli cliWithin(long seconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("whokilled-cli-", ".out");
        Path err = Files.createTempFile("whokilled-cli-", ".err");
        Process p = null;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                fail("whokilled " + String.join(" ", args) + " did not finish within " + seconds + " s (pid "
                        + p.pid() + " killed); stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            if (p != null && p.isAlive()) {
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The exit status of a child, waiting at most 30 s (then it is killed and the test fails). */
    static int waitFor(Process p) throws InterruptedException {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("pid " + p.pid() + " did not end within 30 s");
        }
        return p.exitValue();
    }

    static String python() {
        return Executables.onPath("python3").orElseThrow().toString();
    }

    /**
     * Polls {@code list --json --pid PID} until the death is stored (20 s at most; then fails with the agent's
     * log) and returns how long that took, a CLI start per poll included.
     */
    static long waitUntilListed(Path store, long pid, AgentProcess agent) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
            Cli r = cli("list", "--json", "--pid", Long.toString(pid), "--store", store.toString());
            if (r.code() == 0 && !r.out().isBlank()) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
        }
        fail("pid " + pid + " not listed within 20 s; agent log: " + agent.log());
        return -1;
    }
}
