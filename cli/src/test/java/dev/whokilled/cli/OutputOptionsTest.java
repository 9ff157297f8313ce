package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** -o/--output on the commands that print results: names, the --json spelling, and unknown values. */
class OutputOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"decode", "signals"})
    void output_json_isWhatJsonPrinted(String command) {
        Run dashO = Run.of(command, "-o", "json", "9");
        Run old = Run.of(command, "--json", "9");
        assertEquals(0, dashO.code(), dashO.err());
        assertEquals(old.out(), dashO.out());
        assertTrue(dashO.out().startsWith("{"), dashO.out());
    }

    @Test
    void output_jsonPretty_isTheSameObjectsIndented() throws Exception {
        Run line = Run.of("decode", "-o", "json", "137");
        Run pretty = Run.of("decode", "--output=json-pretty", "137");
        assertEquals(0, pretty.code(), pretty.err());
        assertTrue(pretty.out().lines().count() > 5, pretty.out());
        assertTrue(pretty.out().contains("\n  \"status\" : 137,"), pretty.out());
        assertEquals(JSON.readTree(line.out()), JSON.readTree(pretty.out()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "table"})
    void output_textAndTable_areThePersonsOutput(String name) {
        assertEquals(Run.of("signals").out(), Run.of("signals", "-o", name).out());
    }

    @Test
    void output_unknownValue_isOneUsageLineListingTheChoices() {
        Run r = Run.of("list", "-o", "yaml");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("whokilled: Invalid value for option '--output': unknown output format 'yaml'; one of text, table,"
                + " json, json-pretty", r.err().lines().findFirst().orElseThrow());
        assertEquals("", r.out());
    }
}
