package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    @Test
    void signals_table_hasHeaderAnd64Rows() {
        assertEquals(ExitCodes.ANSWERED, run("signals"));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).matches("NUM +NAME +DEFAULT ACTION +CATCHABLE +MEANING"), lines.get(0));
        assertEquals(65, lines.size());
        assertTrue(lines.get(1).matches(" +1 +SIGHUP +terminate +yes +Hangup.*"), lines.get(1));
        assertTrue(lines.get(9).matches(" +9 +SIGKILL +terminate +NO +Kill.*"), lines.get(9));
        assertTrue(lines.get(64).matches(" 64 +SIGRTMAX +terminate +yes +.*"), lines.get(64));
        assertTrue(lines.get(37).contains("SIGRTMIN+3"), lines.get(37));
    }

    @Test
    void signals_name_showsCardWithSenders() {
        assertEquals(ExitCodes.ANSWERED, run("signals", "KILL"));
        String text = out.toString();
        assertTrue(text.startsWith("SIGKILL (9): Kill"), text);
        assertTrue(text.contains("Catchable:      no"), text);
        assertTrue(text.contains("137"), text);
        assertTrue(text.contains("- the kernel OOM killer"), text);
    }

    @Test
    void signals_alias_showsCanonicalCardWithAlias() {
        assertEquals(ExitCodes.ANSWERED, run("signals", "sigiot"));
        assertTrue(out.toString().startsWith("SIGABRT (6)"), out.toString());
        assertTrue(out.toString().contains("Also named:     SIGIOT"), out.toString());
    }

    @Test
    void signals_unknown_oneLineOnStderrExit2() {
        assertEquals(ExitCodes.USAGE, run("signals", "FOO"));
        assertEquals("", out.toString());
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("whokilled: unknown signal 'FOO'"), lines.get(0));
    }

    @Test
    void signals_json_64ParsableObjects() throws Exception {
        assertEquals(ExitCodes.ANSWERED, run("signals", "--json"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(64, lines.size());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode kill = mapper.readTree(lines.get(8));
        assertEquals(9, kill.get("number").asInt());
        assertEquals("SIGKILL", kill.get("name").asText());
        assertEquals("term", kill.get("default_action").asText());
        assertEquals(false, kill.get("catchable").asBoolean());
        assertEquals(137, kill.get("status").asInt());
        assertTrue(kill.get("usual_senders").size() > 0);
        JsonNode rtmax = mapper.readTree(lines.get(63));
        assertEquals("SIGRTMAX", rtmax.get("name").asText());
        assertTrue(mapper.readTree(lines.get(16)).get("status").isNull(), lines.get(16));
    }

    @Test
    void signals_jsonWithFilter_onlyThoseSignals() throws Exception {
        assertEquals(ExitCodes.ANSWERED, run("signals", "--json", "TERM", "RTMIN+3"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size());
        assertEquals("SIGTERM", new ObjectMapper().readTree(lines.get(0)).get("name").asText());
        assertEquals(37, new ObjectMapper().readTree(lines.get(1)).get("number").asInt());
    }
}
