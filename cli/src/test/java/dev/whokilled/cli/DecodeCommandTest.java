package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecodeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    @Test
    void decode_137_leadsWithSigkill() {
        assertEquals(ExitCodes.ANSWERED, run("decode", "137"));
        String first = out.toString().lines().findFirst().orElseThrow();
        assertEquals("137: Killed by SIGKILL (9): it could not catch this; no cleanup ran.", first);
        assertTrue(out.toString().contains("OOM killer"), out.toString());
        assertEquals("", err.toString());
    }

    @ParameterizedTest
    @CsvSource({"143,SIGTERM (15)", "139,SIGSEGV (11)", "-9,SIGKILL (9)", "0x8b,core dumped", "KILL,exit status 137",
        "32512,command not found"})
    void decode_value_firstLineAnswers(String value, String expected) {
        assertEquals(ExitCodes.ANSWERED, run("decode", value));
        String first = out.toString().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith(value + ": "), first);
        assertTrue(first.contains(expected), first);
    }

    @Test
    void decode_9_showsBothReadings() {
        assertEquals(ExitCodes.ANSWERED, run("decode", "9"));
        String text = out.toString();
        assertTrue(text.startsWith("9: Exited on its own with code 9"), text);
        assertTrue(text.contains("Or, read as a signal: SIGKILL (9)"), text);
    }

    @Test
    void decode_severalValues_answersEachInOrder() {
        assertEquals(ExitCodes.ANSWERED, run("decode", "143", "139"));
        String text = out.toString();
        assertTrue(text.indexOf("143: Killed by SIGTERM") < text.indexOf("139: Crashed with SIGSEGV"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "SIGFOO", "99999999999", "-65", ""})
    void decode_invalid_oneLineOnStderrExit2(String value) {
        assertEquals(ExitCodes.USAGE, run("decode", value));
        assertEquals("", out.toString());
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("whokilled: cannot decode '" + value + "'"), lines.get(0));
    }

    @Test
    void decode_invalidAmongValid_printsNothingToStdout() {
        assertEquals(ExitCodes.USAGE, run("decode", "137", "bogus"));
        assertEquals("", out.toString());
    }

    @Test
    void decode_noValue_isUsageError() {
        assertEquals(ExitCodes.USAGE, run("decode"));
    }

    @Test
    void decode_json_oneParsableObjectPerReading() throws Exception {
        assertEquals(ExitCodes.ANSWERED, run("decode", "--json", "137", "9", "0x8b", "0"));
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            objects.add(mapper.readTree(line));
        }
        assertEquals(5, objects.size(), out.toString());

        JsonNode sigkill = objects.get(0);
        assertEquals("137", sigkill.get("input").asText());
        assertEquals("shell_status", sigkill.get("reading").asText());
        assertEquals("killed", sigkill.get("fate").asText());
        assertEquals(137, sigkill.get("status").asInt());
        assertEquals(9, sigkill.get("signal").asInt());
        assertEquals("SIGKILL", sigkill.get("signal_name").asText());
        assertTrue(sigkill.get("code").isNull());
        assertEquals(false, sigkill.get("core_dumped").asBoolean());
        assertTrue(sigkill.get("notes").isArray() && sigkill.get("notes").size() > 0);

        assertEquals("9", objects.get(1).get("input").asText());
        assertEquals(9, objects.get(1).get("code").asInt());
        assertEquals("signal", objects.get(2).get("reading").asText());

        JsonNode segv = objects.get(3);
        assertEquals("wait_status", segv.get("reading").asText());
        assertTrue(segv.get("core_dumped").asBoolean());

        assertEquals("exited", objects.get(4).get("fate").asText());
        assertEquals(0, objects.get(4).get("code").asInt());
    }

    @Test
    void decode_json_coreUnknownIsNull() throws Exception {
        assertEquals(ExitCodes.ANSWERED, run("decode", "--json", "139"));
        assertTrue(new ObjectMapper().readTree(out.toString()).get("core_dumped").isNull());
    }

    @Test
    void help_listsExamples() {
        assertEquals(ExitCodes.ANSWERED, run("decode", "--help"));
        assertTrue(out.toString().contains("Examples:"), out.toString());
        assertTrue(out.toString().contains("whokilled decode 137"), out.toString());
    }
}
