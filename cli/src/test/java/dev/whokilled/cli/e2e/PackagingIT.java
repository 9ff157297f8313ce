package dev.whokilled.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/install.sh staged into a temporary root: the jar, launcher, command link, unit, man
 * pages and completions land where they should, systemd accepts the unit, man renders the pages,
 * zsh reads its completion, and --uninstall removes them all.
 */
class PackagingIT {
    private static final Path INSTALL = Path.of("..", "packaging", "install.sh");
    private static final List<String> PAGES = List.of("whokilled", "whokilled-analyze", "whokilled-list",
            "whokilled-explain", "whokilled-watch", "whokilled-agent", "whokilled-doctor", "whokilled-run",
            "whokilled-decode", "whokilled-signals");

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
        Path catalog = root.resolve("usr/lib/systemd/catalog/whokilled.catalog");
        assertTrue(Files.readString(catalog).contains("-- 2d53a2bce5744206b118fcd620b187b3\n"), catalog.toString());
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
        Path zshCompletion = root.resolve("usr/share/zsh/vendor-completions/_whokilled");
        assertTrue(Files.readString(zshCompletion).startsWith("#compdef whokilled\n"), zshCompletion.toString());
        verifyZshCompletion(zshCompletion);
        Path man1 = root.resolve("usr/local/share/man/man1");
        for (String page : PAGES) {
            verifyManPage(man1.resolve(page + ".1.gz"), page);
        }

        Run removed = run("bash", INSTALL.toString(), "--destdir", root.toString(), "--uninstall");
        assertEquals(0, removed.code, removed.out);
        assertFalse(Files.exists(prefix));
        assertFalse(Files.exists(unit));
        assertFalse(Files.exists(completion));
        assertFalse(Files.exists(zshCompletion));
        assertFalse(Files.exists(catalog));
        assertFalse(Files.exists(man1.resolve("whokilled.1.gz")));
        assertFalse(Files.exists(man1.resolve("whokilled-list.1.gz")));
        assertFalse(Files.exists(root.resolve("usr/local/bin/whokilled"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * man renders the page: its title, a NAME section, for a command its options, SEE ALSO naming the
     * other pages, and on {@code whokilled(1)} the ENVIRONMENT and FILES sections.
     */
    private static void verifyManPage(Path page, String name) throws Exception {
        assertTrue(Files.isRegularFile(page), page + " not installed");
        require("man");
        Run man = run("env", "MANWIDTH=80", "man", "-l", page.toString());
        assertEquals(0, man.code, man.out);
        assertTrue(man.out.startsWith(name.toUpperCase(java.util.Locale.ROOT) + "(1)"), man.out);
        assertTrue(man.out.contains("\nNAME\n") && man.out.contains("\nOPTIONS\n"), man.out);
        assertTrue(man.out.contains("--help"), man.out);
        assertTrue(man.out.contains("\nSEE ALSO\n") && man.out.contains("signal(7)"), man.out);
        String other = name.equals("whokilled") ? "whokilled-analyze(1)" : "whokilled(1)";
        assertTrue(man.out.contains(other), other + " not in SEE ALSO: " + man.out);
        if (name.equals("whokilled")) {
            assertTrue(man.out.contains("\nENVIRONMENT\n") && man.out.contains("WHOKILLED_PAGER")
                    && man.out.contains("\nFILES\n") && man.out.contains("/var/lib/whokilled"), man.out);
        }
    }

    /** zsh parses the completion file, and it defines the completion function. */
    private static void verifyZshCompletion(Path file) throws Exception {
        require("zsh");
        Run parse = run("zsh", "-n", file.toString());
        assertEquals(0, parse.code, parse.out);
        Run loaded = run("zsh", "-fc", "fpath=(" + file.getParent() + " $fpath); autoload -U compinit && compinit -u -D;"
                + " print -r -- $_comps[whokilled]");
        assertEquals("_whokilled", loaded.out.strip(), loaded.out);
    }

    /** The test goes on only where the tool is installed; CI must have it (.ci/run installs it). */
    private static void require(String tool) {
        LivePrerequisites.require(Executables.onPath(tool).isPresent(), tool + " not installed");
    }

    /** systemd-analyze verify on the unit, its ExecStart pointed at the staged launcher (the real path is not installed here). */
    private void verifyUnit(String unitText, Path launcher) throws Exception {
        require("systemd-analyze");
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
