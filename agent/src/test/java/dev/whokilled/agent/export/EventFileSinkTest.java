package dev.whokilled.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.AgentLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event file: whole lines, both shapes, rotation by rename, retention, modes. */
class EventFileSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T18:30:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static AgentLog quiet() {
        return new AgentLog(new PrintWriter(new StringWriter()));
    }

    private EventFileSink sink(Path file, ExportConfig.FileFormat format, long maxBytes, int keep) throws Exception {
        ExportConfig config = new ExportConfig(ExportConfig.Journal.OFF, Optional.of(file), format, 64L << 20, 10,
                Optional.empty(), Optional.empty());
        if (maxBytes == config.fileMaxBytes() && keep == config.fileKeep()) {
            return EventFileSink.open(config, file, new EcsTerminations(Optional.of("testhost")), CLOCK, quiet());
        }
        JsonExplanations nativeShape = new JsonExplanations();
        EcsTerminations ecs = new EcsTerminations(Optional.of("testhost"));
        return new EventFileSink(file, format == ExportConfig.FileFormat.NATIVE ? nativeShape::toLine
                : t -> ecs.toLine(t, CLOCK.instant()), maxBytes, keep, CLOCK, quiet());
    }

    @Test
    void accept_native_writesOneObjectPerLineWithItsId_inA0640FileOfA0750Directory() throws Exception {
        Path file = tmp.resolve("log/whokilled/events.jsonl");
        List<ExportedTermination> samples = ExportSamples.all();
        try (EventFileSink sink = sink(file, ExportConfig.FileFormat.NATIVE, 64L << 20, 10)) {
            for (ExportedTermination t : samples) {
                sink.accept(t);
            }
        }
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        List<String> lines = text.lines().toList();
        assertEquals(samples.size(), lines.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = JSON.readTree(lines.get(i));
            assertTrue(lines.get(i).startsWith("{\"id\":\""), "the id first: files differ from their first bytes");
            assertEquals(samples.get(i).id(), n.get("id").asText());
            assertEquals("termination", n.get("type").asText());
            assertTrue(ids.add(n.get("id").asText()), "ids are unique");
            // the rest is what list --json prints for the same death
            JsonNode listed = JSON.readTree(new JsonExplanations().toLine(samples.get(i).death()));
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("id");
            assertEquals(listed, n);
        }
        JsonNode worker = JSON.readTree(lines.get(2));
        assertEquals("w\u00f6rker \"q\"\\", worker.get("comm").asText(), "escaped and UTF-8 intact");
    }

    @Test
    void accept_ecs_nestedFieldsNoNulls_causeSignalSenderAndOomDetail() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        List<ExportedTermination> samples = ExportSamples.all();
        try (EventFileSink sink = sink(file, ExportConfig.FileFormat.ECS, 64L << 20, 10)) {
            for (ExportedTermination t : samples) {
                sink.accept(t);
            }
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(JSON.readTree(line));
        }
        for (JsonNode e : events) {
            assertNoNullsNorDottedKeys(e, "");
            assertEquals("event", e.at("/event/kind").asText());
            assertEquals("process", e.at("/event/category/0").asText());
            assertEquals("end", e.at("/event/type/0").asText());
            assertEquals("whokilled.termination", e.at("/event/dataset").asText());
            assertEquals("testhost", e.at("/host/name").asText());
            assertEquals(ExportSamples.BOOT, e.at("/host/boot/id").asText());
        }
        JsonNode kill = events.get(0);
        assertEquals(samples.get(0).id(), kill.at("/event/id").asText());
        assertEquals("signal", kill.at("/event/action").asText());
        assertEquals("2026-11-22T18:00:00Z", kill.get("@timestamp").asText());
        assertEquals(4242, kill.at("/process/pid").asInt());
        assertEquals("sleep", kill.at("/process/name").asText());
        assertEquals("sleep 600", kill.at("/process/command_line").asText());
        assertEquals(137, kill.at("/process/exit_code").asInt());
        assertEquals(1, kill.at("/process/parent/pid").asInt());
        assertEquals("1000", kill.at("/process/user/id").asText());
        assertEquals(9, kill.at("/whokilled/signal/number").asInt());
        assertEquals("SIGKILL", kill.at("/whokilled/signal/name").asText());
        assertEquals("process", kill.at("/whokilled/sender/kind").asText());
        assertEquals(900, kill.at("/whokilled/sender/pid").asInt());
        assertEquals("bash", kill.at("/whokilled/sender/comm").asText());
        assertEquals("bash -c kill -9 4242", kill.at("/whokilled/sender/cmdline").asText());
        assertEquals(samples.get(0).termination().summary(), kill.at("/event/reason").asText());

        JsonNode oom = events.get(1);
        assertEquals("oom-kill", oom.at("/event/action").asText(), oom::toString);
        assertEquals("oom_kill", oom.at("/whokilled/cause").asText());
        assertEquals("kernel", oom.at("/whokilled/sender/kind").asText());
        assertEquals("memcg", oom.at("/whokilled/oom/constraint").asText());
        assertEquals("/user.slice/user-0.slice/session-1.scope/ceo-oomtest", oom.at("/whokilled/oom/memcg").asText());
        assertEquals(65536L * 1024, oom.at("/whokilled/oom/limit_bytes").asLong());
        assertEquals(65536L * 1024, oom.at("/whokilled/oom/usage_bytes").asLong());
        assertEquals("kernel", oom.at("/whokilled/trust").asText());

        JsonNode exited = events.get(2);
        assertEquals("exit", exited.at("/event/action").asText(), exited::toString);
        assertEquals(3, exited.at("/process/exit_code").asInt());
        assertTrue(exited.at("/whokilled/signal").isMissingNode());

        JsonNode bare = events.get(3);
        assertEquals("unknown", bare.at("/event/action").asText(), bare::toString);
        assertTrue(bare.at("/process/name").isMissingNode(), "absent, not null");
        assertTrue(bare.at("/whokilled/sender/pid").isMissingNode());
    }

    private static void assertNoNullsNorDottedKeys(JsonNode n, String path) {
        assertFalse(n.isNull(), path + " is null");
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                assertFalse(f.getKey().contains("."), path + "/" + f.getKey() + ": a dotted key");
                assertNoNullsNorDottedKeys(f.getValue(), path + "/" + f.getKey());
            }
        } else if (n.isArray()) {
            n.forEach(c -> assertNoNullsNorDottedKeys(c, path + "[]"));
        }
    }

    @Test
    void accept_pastMaxBytes_rotatesByRename_neverSplitsALine_andKeepsTheNewest() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        List<ExportedTermination> samples = ExportSamples.all();
        long maxBytes = 6000; // about two or three lines a file: a rotation every few terminations
        List<String> written = new ArrayList<>();
        long rotations;
        try (EventFileSink sink = sink(file, ExportConfig.FileFormat.NATIVE, maxBytes, 3)) {
            for (int i = 0; i < 60; i++) {
                ExportedTermination t = samples.get(i % samples.size());
                sink.accept(t);
                written.add(t.id());
            }
            rotations = sink.rotations();
        }
        assertTrue(rotations >= 12, "rotations: " + rotations);
        List<Path> rotated;
        try (Stream<Path> s = Files.list(tmp)) {
            rotated = s.filter(p -> !p.equals(file)).sorted().toList();
        }
        // every rotation fell in the same second: the names differ by a counter, and the newest three are kept
        assertEquals(List.of("events-20261122T183005Z-" + (rotations - 3) + ".jsonl",
                "events-20261122T183005Z-" + (rotations - 2) + ".jsonl",
                "events-20261122T183005Z-" + (rotations - 1) + ".jsonl"),
                rotated.stream().map(p -> p.getFileName().toString()).sorted((a, b) -> Integer.compare(counter(a), counter(b)))
                        .toList());
        List<String> kept = new ArrayList<>();
        for (Path p : Stream.concat(rotated.stream().sorted((a, b) -> Integer.compare(counter(a.getFileName().toString()),
                counter(b.getFileName().toString()))), Stream.of(file)).toList()) {
            String text = Files.readString(p);
            assertTrue(Files.size(p) <= maxBytes, p + " is " + Files.size(p) + " bytes");
            assertTrue(text.endsWith("\n"), p + " ends with a whole line");
            for (String line : text.lines().toList()) {
                kept.add(JSON.readTree(line).get("id").asText());
            }
        }
        assertEquals(written.subList(written.size() - kept.size(), written.size()), kept,
                "the kept files hold the newest lines, in order, none split or repeated");
    }

    private static int counter(String name) {
        String n = name.replaceAll(".*Z-?(\\d*)\\.jsonl", "$1");
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }

    @Test
    void open_anExistingFile_appendsAfterIt() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        Files.writeString(file, "{\"id\":\"earlier\"}\n");
        List<ExportedTermination> samples = ExportSamples.all();
        try (EventFileSink sink = sink(file, ExportConfig.FileFormat.NATIVE, 64L << 20, 10)) {
            sink.accept(samples.get(0));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("{\"id\":\"earlier\"}", lines.get(0));
        assertEquals(samples.get(0).id(), JSON.readTree(lines.get(1)).get("id").asText());
    }
}
