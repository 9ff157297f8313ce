package dev.whokilled.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "python3|python3",
        "my app (worker)|my app (worker)",
        "\u001b[31mred|\\x1b[31mred",
        "a\nb\tc|a\\x0ab\\x09c",
        "del\u007f|del\\x7f",
        "c1\u009b|c1\\x9b",
        "héllo ✓|héllo ✓",
    })
    void escape_controlCharacters_becomeHexEscapes(String in, String out) {
        assertEquals(out, Terminal.escape(in));
    }
}
