package dev.whokilled.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.cli.testing.TestCgroup;
import dev.whokilled.cli.Cli;
import dev.whokilled.cli.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Kills real processes on this machine and checks what {@code whokilled analyze} reads about them
 * in the live kernel log: an OOM kill inside a 32 MiB memory cgroup made for the test, and a real
 * segfault. Follows DESIGN.md's safety rules: own child cgroup, only our own pids, bounded waits,
 * everything removed afterwards. Skips without root or a cgroup v1 memory controller, except in CI
 * ({@code CI=true}), where a missing prerequisite fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class LiveKernelLogTest {
    private static final Path KMSG = Path.of("/dev/kmsg");
    private static final long LIMIT = 32L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void prerequisites() {
        List<String> missing = new ArrayList<>();
        if (!Files.isReadable(KMSG)) {
            missing.add(KMSG + " not readable (run as root)");
        }
        TestCgroup.unavailable().ifPresent(missing::add);
        if (dev.whokilled.cli.input.Executables.onPath("python3").isEmpty()) {
            missing.add("python3 not installed (used to segfault for real)");
        }
        dev.whokilled.agent.testing.LivePrerequisites.require(missing.isEmpty(), "live kernel test: " + String.join("; ", missing));
    }

    @Test
    void analyze_liveKmsg_explainsARealOomKillAndARealSegfault() throws Exception {
        long oomPid;
        String memcg;
        try (TestCgroup group = TestCgroup.create(LIMIT)) {
            memcg = group.path();
            // sh moves itself into the group, then becomes tail, which buffers /dev/zero until the limit.
            Process hog = new ProcessBuilder("sh", "-c", "echo $$ > " + group.procs() + " && exec tail /dev/zero")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            oomPid = hog.pid();
            assertEquals(137, waitBounded(hog), "the hog should die of SIGKILL from the OOM killer");
        }
        Process crash = new ProcessBuilder(dev.whokilled.cli.input.Executables.onPath("python3").get().toString(), "-c", "import ctypes; ctypes.string_at(0)")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long crashPid = crash.pid();
        assertEquals(139, waitBounded(crash), "python3 should die of SIGSEGV");

        List<JsonNode> deaths = analyzeLive("--pid", Long.toString(oomPid), "--pid", Long.toString(crashPid));
        assertEquals(2, deaths.size(), deaths::toString);

        JsonNode oom = deaths.get(0);
        assertEquals("oom_kill", oom.get("cause").asText());
        assertEquals(oomPid, oom.get("pid").asLong());
        assertEquals("tail", oom.get("comm").asText());
        assertEquals("kernel", oom.get("trust").asText());
        assertEquals("memcg", oom.at("/oom/constraint").asText());
        assertEquals(memcg, oom.at("/oom/memcg").asText());
        assertEquals(LIMIT / 1024, oom.at("/oom/limit_kb").asLong());
        assertEquals(oomPid, oom.at("/oom/trigger/pid").asLong(), "the hog was the allocating task");
        assertEquals("converted", oom.get("time_basis").asText());
        assertTrue(oom.get("summary").asText().contains("hit its 32 MiB limit"), oom.get("summary").asText());

        JsonNode segv = deaths.get(1);
        assertEquals("crash", segv.get("cause").asText());
        assertEquals(crashPid, segv.get("pid").asLong());
        assertEquals(11, segv.at("/exit/signal").asInt());
        assertEquals("kernel", segv.get("trust").asText());
        assertTrue(segv.get("summary").asText().contains("address 0"), segv.get("summary").asText());
    }

    private static List<JsonNode> analyzeLive(String... filters) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("analyze", "--json"));
        args.addAll(List.of(filters));
        int code = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), Environment.system())
                .execute(args.toArray(String[]::new));
        assertEquals(0, code, err::toString);
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private static int waitBounded(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("pid " + p.pid() + " did not die within 60 s; killed it");
        }
        return p.exitValue();
    }
}
