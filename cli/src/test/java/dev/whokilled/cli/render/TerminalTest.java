package dev.whokilled.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TerminalTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("python3", "python3"),
                Arguments.of("my app (worker)", "my app (worker)"),
                Arguments.of("\u001b[31mred", "\\x1b[31mred"),
                Arguments.of("a\nb\tc", "a\\x0ab\\x09c"),
                Arguments.of("del\u007f", "del\\x7f"),
                Arguments.of("c1\u009b", "c1\\x9b"),
                Arguments.of("héllo ✓", "héllo ✓"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void escape_controlCharacters_becomeHexEscapes(String in, String out) {
        assertEquals(out, Terminal.escape(in));
    }
}
