package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.cli.doctor.Check;
import dev.whokilled.cli.render.JsonLines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor -o json: the shape scripts rely on, and the real command on this machine against its text form. */
class DoctorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("name", "title", "status", "detail", "fix");

    @TempDir
    Path tmp;

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void toJson_degradedCheck_hasTheFiveFieldsInOrderWithLowerCaseStatusAndTheFix() {
        JsonNode o = DoctorCommand.toJson(new Check("proc_connector", "exits (netlink proc connector)",
                Check.Status.DEGRADED, "no CAP_NET_ADMIN", Optional.of("run as root or grant CAP_NET_ADMIN")));
        assertEquals(FIELDS, fields(o));
        assertEquals("proc_connector", o.get("name").asText());
        assertEquals("exits (netlink proc connector)", o.get("title").asText());
        assertEquals("degraded", o.get("status").asText());
        assertEquals("no CAP_NET_ADMIN", o.get("detail").asText());
        assertEquals("run as root or grant CAP_NET_ADMIN", o.get("fix").asText());
    }

    @Test
    void toJson_okCheck_fixIsNullNotAbsent() {
        JsonNode o = DoctorCommand.toJson(new Check("kmsg", "kernel log (/dev/kmsg)", Check.Status.OK, "readable",
                Optional.empty()));
        assertEquals(FIELDS, fields(o));
        assertEquals("ok", o.get("status").asText());
        assertTrue(o.get("fix").isNull(), o::toString);
    }

    @Test
    void toJson_controlCharactersInAStorePath_stayOneParseableLine() throws Exception {
        Path hostile = Path.of("/tmp/st\u001b[2Jore\nx");
        JsonNode o = DoctorCommand.toJson(new Check("store", "store (" + hostile + ")", Check.Status.MISSING,
                "does not exist", Optional.of("whokilled agent --store " + hostile)));
        String line = JsonLines.text(o, false);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("\\u001B[2J") && line.contains("\\n"), line);
        assertEquals("store (" + hostile + ")", JSON.readTree(line).get("title").asText());
    }

    @Test
    void check_nameNotSnakeCase_isRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Check("Store Health", "store health", Check.Status.OK, "fine", Optional.empty()));
        assertEquals("check name must be lower-case snake_case: Store Health", e.getMessage());
    }

    @Test
    void doctor_json_oneObjectPerCheckOfThisMachine_inTextOrder_sameExitCode() throws Exception {
        Path store = tmp.resolve("store");
        EventStore.open(store, StoreConfig.defaults(), Run.CLOCK).close();
        Run json = Run.of("doctor", "-o", "json", "--store", store.toString());
        Run text = Run.of("doctor", "--store", store.toString());

        assertEquals(text.code(), json.code(), json.err());
        assertTrue(Set.of(ExitCodes.ANSWERED, ExitCodes.NOTHING_FOUND).contains(json.code()), json.err());
        List<String> names = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        for (String line : json.out().lines().toList()) {
            JsonNode check = JSON.readTree(line);
            assertEquals(FIELDS, fields(check), line);
            names.add(check.get("name").asText());
            statuses.add(check.get("status").asText());
            assertEquals(check.get("status").asText().equals("ok"), check.get("fix").isNull(), line);
        }
        assertEquals(List.of("kmsg", "journal", "proc_connector", "tracefs", "cgroups", "store", "store_health",
                "store_writer", "oom_kill_counter"), names);
        List<String> textStatuses = text.out().lines().filter(l -> l.startsWith("["))
                .map(l -> l.substring(1, l.indexOf(']'))).toList();
        assertEquals(textStatuses, statuses);
        String verdict = json.code() == ExitCodes.ANSWERED ? "the agent can run: " : "the agent cannot run: ";
        assertTrue(json.err().startsWith("whokilled: " + verdict), json.err());
        List<String> textLines = text.out().lines().toList();
        assertTrue(textLines.get(textLines.size() - 1).startsWith("T" + verdict.substring(1)), text.out());
    }

    @Test
    void doctor_jsonPretty_isTheSameObjectsIndented() throws Exception {
        Run pretty = Run.of("doctor", "-o", "json-pretty", "--store", tmp.resolve("none").toString());
        Run line = Run.of("doctor", "--json", "--store", tmp.resolve("none").toString());
        List<JsonNode> fromPretty = new ArrayList<>();
        JSON.readerFor(JsonNode.class).readValues(pretty.out()).forEachRemaining(n -> fromPretty.add((JsonNode) n));
        List<JsonNode> fromLines = new ArrayList<>();
        for (String l : line.out().lines().toList()) {
            fromLines.add(JSON.readTree(l));
        }
        assertEquals(List.of("kmsg", "journal", "proc_connector", "tracefs", "cgroups", "store", "oom_kill_counter"),
                fromLines.stream().map(n -> n.get("name").asText()).toList());
        assertEquals(fromLines.stream().map(n -> n.get("name")).toList(), fromPretty.stream().map(n -> n.get("name")).toList());
    }
}
