package dev.whokilled.rules.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalNamesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"9,9", "KILL,9", "SIGKILL,9", "9/KILL,9", "sigterm,15", "TERM,15", "11/SEGV,11", "SIGIOT,6",
        "HUP,1", "SYS,31", "34/RTMIN,34", "6/ABRT,6", "SIGRTMIN+3,37"})
    void parse_printedSignal_givesItsNumber(String text, int number) {
        assertEquals(OptionalInt.of(number), SignalNames.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "0", "65", "999", "FOO", "SIG", "/KILL", "KILL/9", "-9", "9x"})
    void parse_notASignal_isEmpty(String text) {
        assertEquals(OptionalInt.empty(), SignalNames.parse(text));
    }
}
