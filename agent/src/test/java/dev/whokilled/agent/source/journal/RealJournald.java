package dev.whokilled.agent.source.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.whokilled.agent.testing.LivePrerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A systemd-journald for live tests: the one already running, or one this test starts
 * standalone (no systemd as PID 1 needed; see the shared fixtures README) and stops by its pid.
 * Not thread-safe; one per test class.
 */
public final class RealJournald implements AutoCloseable {
    public static final Path JOURNALCTL = Path.of("/usr/bin/journalctl");
    private static final List<Path> BINARIES = List.of(Path.of("/lib/systemd/systemd-journald"),
            Path.of("/usr/lib/systemd/systemd-journald"));
    private static final Path SOCKET = Path.of("/run/systemd/journal/socket");

    private final Process started;

    private RealJournald(Process started) {
        this.started = started;
    }

    /**
     * The running journald, or a new one; skips the test when that is impossible (fails under
     * {@code CI=true}).
     */
    public static RealJournald acquire() throws IOException, InterruptedException {
        require(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "not root: cannot start systemd-journald");
        require(Files.isExecutable(JOURNALCTL), "no " + JOURNALCTL);
        require(Files.isExecutable(Path.of("/usr/bin/logger")), "no /usr/bin/logger");
        Optional<Path> binary = BINARIES.stream().filter(Files::isExecutable).findFirst();
        if (running()) {
            return new RealJournald(null);
        }
        require(binary.isPresent(), "no systemd-journald binary in " + BINARIES);
        Files.createDirectories(SOCKET.getParent());
        // A socket file left by a journald that was stopped stays behind; the new one replaces it (tmpfs reuses
        // inode numbers, so the change time tells them apart).
        Object before = Files.exists(SOCKET) ? Files.getAttribute(SOCKET, "unix:ctime") : null;
        Process p = new ProcessBuilder(binary.get().toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RealJournald journald = new RealJournald(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(SOCKET) || Files.getAttribute(SOCKET, "unix:ctime").equals(before)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                journald.close();
                fail("systemd-journald did not open " + SOCKET + " within 10 s (alive: " + p.isAlive() + ")");
            }
            Thread.sleep(20);
        }
        return journald;
    }

    private static boolean running() {
        return ProcessHandle.allProcesses().anyMatch(h -> h.info().command()
                .map(c -> c.endsWith("/systemd-journald")).orElse(false));
    }

    /** Writes one entry through journald's native socket ({@code logger --journald}), fields as given. */
    public void write(String identifier, String message) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/logger", "--journald").redirectErrorStream(true).start();
        p.getOutputStream().write(("SYSLOG_IDENTIFIER=" + identifier + "\nMESSAGE=" + message + "\n")
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("logger --journald did not finish within 5 s");
        }
        assertEquals(0, p.exitValue(), "logger --journald: " + out + (started == null ? ""
                : " (the journald started by the test is " + (started.isAlive() ? "alive" : "dead, status "
                + started.exitValue()) + ")"));
    }

    /** Whether this test started the journald (else it was running and is left alone). */
    public boolean startedHere() {
        return started != null;
    }

    /** Stops the journald this test started, by its pid; leaves one that was already running. */
    @Override
    public void close() throws InterruptedException {
        if (started != null && started.isAlive()) {
            started.destroy();
            if (!started.waitFor(5, TimeUnit.SECONDS)) {
                started.destroyForcibly();
                started.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static void require(boolean met, String why) {
        LivePrerequisites.require(met, why);
    }
}
