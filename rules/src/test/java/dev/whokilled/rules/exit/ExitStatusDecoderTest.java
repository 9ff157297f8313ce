package dev.whokilled.rules.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.signal.Signal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExitStatusDecoderTest {
    @ParameterizedTest
    @CsvSource({"137,SIGKILL", "143,SIGTERM", "139,SIGSEGV", "134,SIGABRT", "130,SIGINT", "141,SIGPIPE"})
    void decode_shellStatusOfSignalDeath_isOneShellReading(String value, Signal signal) {
        List<DecodedStatus> readings = ExitStatusDecoder.decode(value);
        assertEquals(1, readings.size());
        assertEquals(Interpretation.SHELL_STATUS, readings.get(0).interpretation());
        assertEquals(Optional.of(signal), readings.get(0).signal());
    }

    @Test
    void decode_9_isExitCodeFirstThenSigkill() {
        List<DecodedStatus> readings = ExitStatusDecoder.decode("9");
        assertEquals(2, readings.size());
        assertEquals(Interpretation.SHELL_STATUS, readings.get(0).interpretation());
        assertEquals(OptionalInt.of(9), readings.get(0).exitCode());
        assertEquals(Interpretation.SIGNAL, readings.get(1).interpretation());
        assertEquals(Optional.of(Signal.SIGKILL), readings.get(1).signal());
        assertEquals(OptionalInt.of(137), readings.get(1).shellStatus());
        assertTrue(readings.get(1).headline().contains("137"), readings.get(1).headline());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65", "100", "128", "255"})
    void decode_statusThatIsNoSignalNumber_isOneReading(String value) {
        assertEquals(1, ExitStatusDecoder.decode(value).size());
    }

    @ParameterizedTest
    @CsvSource({"-9,SIGKILL", "-15,SIGTERM", "-11,SIGSEGV", "-1,SIGHUP"})
    void decode_negative_isKilledBySignal(String value, Signal signal) {
        DecodedStatus d = ExitStatusDecoder.decode(value).get(0);
        assertEquals(Interpretation.NEGATIVE_RETURN, d.interpretation());
        assertEquals(Fate.KILLED, d.fate());
        assertEquals(Optional.of(signal), d.signal());
        assertEquals(OptionalInt.of(signal.shellStatus()), d.shellStatus());
    }

    @Test
    void decode_minusOne_warnsAboutGo() {
        assertTrue(String.join("\n", ExitStatusDecoder.decode("-1").get(0).notes()).contains("Go"));
    }

    @ParameterizedTest
    @CsvSource({"KILL,SIGKILL,137", "SIGKILL,SIGKILL,137", "sigterm,SIGTERM,143", "SEGV,SIGSEGV,139", "IOT,SIGABRT,134"})
    void decode_signalName_isSignalWithItsShellStatus(String value, Signal signal, int shell) {
        List<DecodedStatus> readings = ExitStatusDecoder.decode(value);
        assertEquals(1, readings.size());
        DecodedStatus d = readings.get(0);
        assertEquals(Interpretation.SIGNAL, d.interpretation());
        assertEquals(Optional.of(signal), d.signal());
        assertEquals(OptionalInt.of(shell), d.shellStatus());
        assertTrue(d.headline().startsWith(signal.label()), d.headline());
    }

    @Test
    void decode_realtimeName_hasShellStatus() {
        DecodedStatus d = ExitStatusDecoder.decode("RTMIN+3").get(0);
        assertEquals("SIGRTMIN+3", d.signal().orElseThrow().signalName());
        assertEquals(OptionalInt.of(165), d.shellStatus());
    }

    @ParameterizedTest
    @CsvSource({"STOP,STOPPED", "TSTP,STOPPED", "CHLD,IGNORED", "WINCH,IGNORED", "CONT,CONTINUED"})
    void decode_signalThatDoesNotKill_saysSo(String value, Fate fate) {
        DecodedStatus d = ExitStatusDecoder.decode(value).get(0);
        assertEquals(fate, d.fate());
        assertTrue(d.headline().contains("does not end"), d.headline());
        assertFalse(d.notes().contains(d.headline()), d.notes().toString());
    }

    @ParameterizedTest
    @CsvSource({"0x8b,SIGSEGV,DUMPED", "0X89,,", "0x9,SIGKILL,NOT_DUMPED"})
    void decode_hex_isWaitStatus(String value, Signal signal, CoreDump core) {
        if (signal == null) {
            assertThrows(UndecodableValueException.class, () -> ExitStatusDecoder.decode(value));
            return;
        }
        List<DecodedStatus> readings = ExitStatusDecoder.decode(value);
        assertEquals(1, readings.size());
        assertEquals(Interpretation.WAIT_STATUS, readings.get(0).interpretation());
        assertEquals(Optional.of(signal), readings.get(0).signal());
        assertEquals(core, readings.get(0).coreDump());
    }

    @ParameterizedTest
    @CsvSource({"256,1", "32512,127", "0x100,1"})
    void decode_above255_isWaitStatusExit(String value, int code) {
        DecodedStatus d = ExitStatusDecoder.decode(value).get(0);
        assertEquals(Interpretation.WAIT_STATUS, d.interpretation());
        assertEquals(OptionalInt.of(code), d.exitCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty",
        "'   '|empty",
        "abc|not a number or a signal name",
        "SIGFOO|not a number or a signal name",
        "99999999999|too large",
        "99999999999999999999999|too large",
        "70000|too large",
        "0x10000|too large",
        "0x|not a number",
        "0xzz|not a number",
        "-0|signals are 1-64",
        "-65|signals are 1-64",
        "-17|SIGCHLD (17), which cannot kill",
        "0x89|never dumps core",
        "1.5|not a number or a signal name",
        "'9 9'|not a number or a signal name",
    })
    void decode_invalid_throwsOneLineNamingTheValue(String value, String reason) {
        UndecodableValueException e = assertThrows(UndecodableValueException.class, () -> ExitStatusDecoder.decode(value));
        assertTrue(e.getMessage().startsWith("cannot decode '" + value + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(value, e.value());
    }

    /** Whatever is typed, the answer is readings or one clear refusal: no other exception, no empty list. */
    @Property
    void decode_anyString_readingsOrRefusal(@ForAll String value) {
        try {
            assertFalse(ExitStatusDecoder.decode(value).isEmpty());
        } catch (UndecodableValueException e) {
            assertTrue(e.getMessage().startsWith("cannot decode '"));
        }
    }
}
