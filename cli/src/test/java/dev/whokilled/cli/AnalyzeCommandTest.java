package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.cli.input.Input;
import dev.whokilled.cli.render.ExplanationWriter;
import dev.whokilled.rules.reader.ReaderOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    private static final String KMSG = Run.fixture("kernel-6.18-memcg-v1/kmsg.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void analyze_json_terminationsInDesignShape() throws IOException {
        Run r = Run.of("analyze", "--json", KMSG);
        assertEquals(0, r.code(), r.err());
        List<JsonNode> all = lines(r.out());
        assertEquals(4, all.size());
        JsonNode oom = all.get(3);
        assertEquals("termination", oom.get("type").asText());
        assertEquals("oom_kill", oom.get("cause").asText());
        assertEquals(3864, oom.get("pid").asInt());
        assertEquals("python3", oom.get("comm").asText());
        assertEquals(137, oom.at("/exit/status").asInt());
        assertEquals("SIGKILL", oom.at("/exit/signal_name").asText());
        assertEquals("kernel", oom.at("/killer/kind").asText());
        assertEquals("kernel", oom.get("trust").asText());
        assertEquals("session-1.scope", oom.get("unit").asText());
        assertEquals("memcg", oom.at("/oom/constraint").asText());
        assertEquals(102400, oom.at("/oom/limit_kb").asInt());
        assertEquals(3906, oom.at("/oom/trigger/pid").asInt());
        assertEquals(2, oom.at("/oom/candidates").size());
        assertTrue(oom.at("/oom/candidates/0/chosen").asBoolean());
        assertEquals(20413, oom.at("/oom/candidates/0/badness").asInt());
        assertEquals("largest", oom.at("/oom/why_reason").asText());
        assertTrue(oom.get("evidence").size() >= 5);
        assertEquals("kmsg", oom.at("/evidence/0/source").asText());
        assertTrue(oom.at("/evidence/0/sequence").isNumber());
        assertTrue(oom.get("time").isNull(), "a kmsg dump from elsewhere has no boot time, so no wall time");
        assertEquals("userspace", all.get(1).get("trust").asText());
    }

    @Test
    void analyze_text_leadsWithTheAnswerThenEvidence() {
        Run r = Run.of("analyze", KMSG);
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("python3 (pid 2137) was killed by the kernel OOM killer"), r.out());
        assertTrue(r.out().contains("  evidence    kmsg, kernel facility"), r.out());
        assertTrue(r.err().contains("4 death(s) and notice(s)"), r.err());
    }

    @Test
    void analyze_pidFilter_answersOrExitsOne() {
        Run found = Run.of("analyze", "--brief", "--pid", "3828", KMSG);
        assertEquals(0, found.code());
        assertEquals(1, found.out().lines().count());
        assertTrue(found.out().contains("]  segv (pid 3828) crashed"), found.out());

        Run missing = Run.of("analyze", "--pid", "4242", KMSG);
        assertEquals(ExitCodes.NOTHING_FOUND, missing.code());
        assertEquals("", missing.out());
        assertTrue(missing.err().contains("no deaths match the filters"), missing.err());
    }

    @Test
    void analyze_causeAndNameFilters_combine() {
        Run r = Run.of("analyze", "--brief", "--cause", "oom_kill", "--name", "python", KMSG);
        assertEquals(2, r.out().lines().count());
        assertEquals(ExitCodes.USAGE, Run.of("analyze", "--cause", "murder", KMSG).code());
    }

    @Test
    void analyze_sinceOnRenderingWithoutTime_saysWhyNothingMatched() {
        Run r = Run.of("analyze", "--since", "1h ago", Run.fixture("kernel-6.18-memcg-v1/dmesg-plain.txt"));
        assertEquals(ExitCodes.NOTHING_FOUND, r.code());
        assertTrue(r.err().contains("have no wall time in this rendering"), r.err());
    }

    @Test
    void analyze_sinceOnJournal_filtersByCorrectedTime() {
        String json = Run.fixture("kernel-6.18-memcg-v1/journal-kernel.json");
        assertEquals(4, Run.of("analyze", "--brief", "--since", "2026-11-22T17:00:00Z", json).out().lines().count());
        // 17:06:00 lies between the segfault (17:05:50) and the second OOM kill (17:06:06), by corrected kernel time
        assertEquals(1, Run.of("analyze", "--brief", "--since", "2026-11-22T17:06:00Z", json).out().lines().count());
    }

    @Test
    void analyze_gzipAndStdin_sameAnswerAsFile() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of(KMSG));
        Path gz = tmp.resolve("kern.log.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(raw);
        }
        String plain = Run.of("analyze", "--json", KMSG).out();
        assertEquals(plain, Run.of("analyze", "--json", gz.toString()).out());
        assertEquals(plain, Run.with(new ByteArrayInputStream(raw), Path.of("/nonexistent"), "analyze", "--json", "-").out());
    }

    @Test
    void analyze_liveKmsg_readsTheDeviceAndGivesWallTimes() throws IOException {
        Path fakeKmsg = tmp.resolve("kmsg");
        Files.copy(Path.of(KMSG), fakeKmsg);
        Run r = Run.with(new ByteArrayInputStream(new byte[0]), fakeKmsg, "analyze", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode first = lines(r.out()).get(0);
        assertEquals("converted", first.get("time_basis").asText());
        assertFalse(first.get("time").isNull());
    }

    @Test
    void analyze_badInputs_oneLineOnStderrAndExitTwo() throws IOException {
        Path garbage = tmp.resolve("garbage.bin");
        Files.write(garbage, new byte[] {0, 1, 2, (byte) 0xff, '\n', 'x', 'y', '\n'});
        for (String[] args : List.of(
                new String[] {"analyze", tmp.resolve("missing.log").toString()},
                new String[] {"analyze", tmp.toString()},
                new String[] {"analyze", "/dev/zero"},
                new String[] {"analyze", garbage.toString()},
                new String[] {"analyze", "--since", "whenever", KMSG},
                new String[] {"analyze", "--pid", "-3", KMSG},
                new String[] {"analyze", "--boot", "-1", KMSG},
                new String[] {"analyze", "--bogus-option"})) {
            Run r = Run.of(args);
            assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", args) + " -> " + r.err());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("whokilled: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void analyze_emptyFile_nothingFound() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.log"));
        Run r = Run.of("analyze", empty.toString());
        assertEquals(ExitCodes.NOTHING_FOUND, r.code());
        assertTrue(r.err().contains("no process deaths found"), r.err());
    }

    @Test
    void analyze_hostileComm_isEscapedInTextAndValidInJson() throws IOException {
        // kmsg escapes control bytes as \xNN; the reader decodes them, the renderer must escape them again.
        Path log = tmp.resolve("kmsg.txt");
        Files.writeString(log, "6,1,5000000,-;\\x1b[2Jevil\\x07[4242]: segfault at 0 ip 0000000000401000 sp 00007ffc00000000"
                + " error 4 in evil[400000+1000] likely on CPU 0 (core 0, socket 0)\n", StandardCharsets.UTF_8);
        Run text = Run.of("analyze", log.toString());
        assertEquals(0, text.code(), text.err());
        assertFalse(text.out().contains("\u001b"), text.out());
        assertFalse(text.out().contains("\u0007"), text.out());
        assertTrue(text.out().contains("\\x1b[2Jevil\\x07 (pid 4242) crashed"), text.out());
        JsonNode node = lines(Run.of("analyze", "--json", log.toString()).out()).get(0);
        assertEquals("\u001b[2Jevil\u0007", node.get("comm").asText());
    }

    @Test
    void help_teachesWithExamplesAndExitCodes() {
        Run r = Run.of("analyze", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:"));
        assertTrue(r.out().contains("Exit codes:"));
        assertTrue(r.out().contains("--boot"));
    }

    /**
     * A file read in parts, on threads: the same answer as the same bytes read whole from stdin. The part count is
     * forced to 4 (and the least part size lowered so a 4 MiB file makes four), so the parted path is taken on a
     * one-CPU machine too, and the summary says it was.
     */
    @Test
    void analyze_largeFileInParts_sameAsWholeFromStdin() throws IOException {
        List<String> report = Files.readAllLines(Path.of(Run.fixture("kernel-6.18-memcg-v1/dmesg-plain.txt"))).stream()
                .filter(l -> !l.startsWith("#")).toList();
        StringBuilder sb = new StringBuilder();
        long minPart = 1024 * 1024;
        long target = 4 * minPart + minPart / 2;
        for (int r = 0; sb.length() < target; r++) {
            for (int i = 0; i < 2000; i++) {
                sb.append("[  100.000000] eth0: link up ").append(r).append(' ').append(i).append('\n');
            }
            report.forEach(l -> sb.append(l).append('\n'));
        }
        byte[] log = sb.toString().getBytes(StandardCharsets.UTF_8);
        Path file = tmp.resolve("dmesg.txt");
        Files.write(file, log);
        ReaderOptions options = ReaderOptions.defaults(ZoneOffset.UTC, 2026);
        Input fromFile = new Input(file.toString(), () -> Files.newInputStream(file), Optional.empty(), Optional.empty(),
                Optional.of(file), Optional.empty());
        Input fromStdin = new Input("stdin", () -> new ByteArrayInputStream(log), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        StringWriter partsOut = new StringWriter();
        ExplanationWriter partsJson = ExplanationWriter.json(new PrintWriter(partsOut), false);
        KernelLogAnalysis.Summary parts = KernelLogAnalysis.run(fromFile, options, 4, minPart, partsJson::write);
        StringWriter wholeOut = new StringWriter();
        ExplanationWriter wholeJson = ExplanationWriter.json(new PrintWriter(wholeOut), false);
        KernelLogAnalysis.Summary whole = KernelLogAnalysis.run(fromStdin, options, 4, minPart, wholeJson::write);

        assertTrue(parts.inParts(), "the file was read in parts: " + parts);
        assertFalse(whole.inParts(), "stdin was read whole: " + whole);
        assertFalse(partsOut.toString().isEmpty());
        assertEquals(wholeOut.toString(), partsOut.toString());
        assertEquals(whole.lines(), parts.lines());
        assertEquals(whole.format(), parts.format());
        assertEquals(whole.truncated(), parts.truncated());
        assertEquals(whole.notUnderstood(), parts.notUnderstood());
    }
}
