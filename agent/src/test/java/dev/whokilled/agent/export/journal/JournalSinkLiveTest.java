package dev.whokilled.agent.export.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.agent.source.journal.RealJournald;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The sink against a real systemd-journald (started by the test when none runs, stopped by its pid): a command line
 * with a newline and a control character comes back verbatim, an entry too big for one datagram arrives cut and
 * marked, and a burst beyond journald's queue arrives whole. Prints the cost of one entry. Needs root; skipped without it, except under
 * {@code CI=true}.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class JournalSinkLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BURST = 200; // beyond net.unix.max_dgram_qlen (10 here; 512 where systemd boots)

    @Test
    void accept_realJournald_keepsValuesVerbatim_cutsOversize_andTakesABurst() throws Exception {
        try (RealJournald journald = RealJournald.acquire(); JournalSink sink = JournalSink.open(JournalSink.SOCKET)) {
            String comm = "wk-" + UUID.randomUUID().toString().substring(0, 8);
            String awkward = "sh -c echo a\necho b\u0001 é";
            sink.accept(JournalFieldsTest.killedBySh(1001, comm, awkward));
            sink.accept(JournalFieldsTest.killedBySh(1002, comm, "x".repeat(400_000)));
            long perEntry = 0;
            for (int round = 0; round < 2; round++) { // the second round is the JIT-compiled cost
                List<ExportedTermination> burst = new ArrayList<>();
                for (int i = 0; i < BURST; i++) {
                    burst.add(JournalFieldsTest.killedBySh(2000 + round * BURST + i, comm, "sleep 600"));
                }
                long start = System.nanoTime();
                for (ExportedTermination t : burst) {
                    sink.accept(t);
                }
                perEntry = (System.nanoTime() - start) / BURST;
                System.out.println("journal export, round " + round + ": " + perEntry / 1000.0 + " µs per entry on the"
                        + " writer thread (fields, encoding, sendto of " + NativeProtocol.encode(JournalFields.of(
                        burst.get(0))).length + " bytes; " + BURST + " entries, " + sink.waiting() + " left waiting)");
                awaitEntries(sink, comm, 2 + (round + 1) * BURST);
            }
            Map<Integer, JsonNode> got = awaitEntries(sink, comm, 2 + 2 * BURST);
            JsonNode first = got.get(1001);
            assertEquals(awkward, text(first.get("WHOKILLED_CMDLINE")), first::toString);
            assertEquals("journal", first.get("_TRANSPORT").asText());
            assertEquals(Long.toString(ProcessHandle.current().pid()), first.get("_PID").asText());
            assertEquals(JournalFields.MESSAGE_ID, first.get("MESSAGE_ID").asText());
            assertEquals("5", first.get("PRIORITY").asText());
            assertTrue(first.get("WHOKILLED_TRUNCATED") == null, first::toString);

            JsonNode big = got.get(1002);
            assertEquals("1", big.get("WHOKILLED_TRUNCATED").asText(), big::toString);
            String cut = text(big.get("WHOKILLED_CMDLINE"));
            assertTrue(cut.length() > 60_000 && cut.length() < 65_536 && cut.matches("x+"), "cut to " + cut.length());
            assertEquals("SIGTERM", big.get("WHOKILLED_SIGNAL_NAME").asText());
        }
    }

    /** The entries of this test by pid, polling journalctl for at most 10 s while the sink sends what waits. */
    private static Map<Integer, JsonNode> awaitEntries(JournalSink sink, String comm, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<Integer, JsonNode> byPid = new HashMap<>();
        while (System.nanoTime() < deadline) {
            byPid.clear();
            for (JsonNode n : journalctl("MESSAGE_ID=" + JournalFields.MESSAGE_ID, "WHOKILLED_COMM=" + comm)) {
                byPid.put(n.get("WHOKILLED_PID").asInt(), n);
            }
            if (byPid.size() >= count) {
                return byPid;
            }
            sink.tick(System.nanoTime()); // as the agent's writer thread does every flush interval
            Thread.sleep(100);
        }
        return fail(count + " entries expected in the journal, found " + byPid.size() + ", " + sink.waiting()
                + " still waiting");
    }

    private static List<JsonNode> journalctl(String... matches) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealJournald.JOURNALCTL.toString(), "--no-pager", "--all", "-o", "json"));
        cmd.addAll(List.of(matches));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("journalctl did not finish within 10 s");
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    /** journalctl's JSON gives a value with unprintable bytes as an array of numbers. */
    private static String text(JsonNode value) {
        if (!value.isArray()) {
            return value.asText();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        value.forEach(b -> bytes.write(b.asInt()));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
