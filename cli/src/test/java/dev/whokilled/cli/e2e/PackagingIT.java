package dev.whokilled.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whokilled.cli.input.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/install.sh staged into a temporary root: the jar, launcher, command link and unit land
 * where they should, systemd accepts the unit, and --uninstall removes them all.
 */
class PackagingIT {
    private static final Path INSTALL = Path.of("..", "packaging", "install.sh");

    @TempDir
    Path root;

    @Test
    void install_stagedIntoADestdir_placesEverythingAndUninstallRemovesIt() throws Exception {
        Run installed = run("bash", INSTALL.toString(), "--destdir", root.toString());
        assertEquals(0, installed.code, installed.out);
        Path prefix = root.resolve("opt/whokilled");
        Path launcher = prefix.resolve("bin/whokilled");
        Path unit = root.resolve("etc/systemd/system/whokilled-agent.service");
        assertTrue(Files.isRegularFile(prefix.resolve("lib/whokilled.jar")));
        assertTrue(Files.isRegularFile(prefix.resolve("prometheus/whokilled-alerts.yml")));
        assertTrue(Files.isExecutable(launcher));
        assertEquals(Path.of("/opt/whokilled/bin/whokilled"), Files.readSymbolicLink(root.resolve("usr/local/bin/whokilled")));
        String unitText = Files.readString(unit);
        assertTrue(unitText.contains("ExecStart=/opt/whokilled/bin/whokilled agent --store /var/lib/whokilled"
                + " --export-file /var/log/whokilled/events.jsonl"), unitText);

        Run version = run("java", "-jar", prefix.resolve("lib/whokilled.jar").toString(), "--version");
        assertEquals(0, version.code, version.out);
        assertTrue(version.out.startsWith("whokilled "), version.out);

        verifyUnit(unitText, launcher);
        Path completion = root.resolve("usr/share/bash-completion/completions/whokilled");
        assertTrue(Files.readString(completion).contains("complete -F _complete_whokilled"), completion.toString());

        Run removed = run("bash", INSTALL.toString(), "--destdir", root.toString(), "--uninstall");
        assertEquals(0, removed.code, removed.out);
        assertFalse(Files.exists(prefix));
        assertFalse(Files.exists(unit));
        assertFalse(Files.exists(completion));
        assertFalse(Files.exists(root.resolve("usr/local/bin/whokilled"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /** systemd-analyze verify on the unit, its ExecStart pointed at the staged launcher (the real path is not installed here). */
    private void verifyUnit(String unitText, Path launcher) throws Exception {
        boolean available = Executables.onPath("systemd-analyze").isPresent();
        if (!available && "true".equals(System.getenv("CI"))) {
            fail("systemd-analyze not installed in CI");
        }
        assumeTrue(available, "systemd-analyze not installed");
        Path copy = root.resolve("whokilled-agent.service");
        Files.writeString(copy, unitText.replace("/opt/whokilled/bin/whokilled", launcher.toAbsolutePath().toString()));
        Run verify = run("systemd-analyze", "verify", copy.toString());
        assertEquals(0, verify.code, verify.out);
        assertEquals("", verify.out.strip(), "systemd-analyze verify reports nothing");
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }
}
