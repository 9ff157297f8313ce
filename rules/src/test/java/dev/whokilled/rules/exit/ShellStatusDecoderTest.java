package dev.whokilled.rules.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.signal.Signal;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellStatusDecoderTest {
    @ParameterizedTest
    @CsvSource({
        "137,SIGKILL,NOT_DUMPED", "143,SIGTERM,NOT_DUMPED", "139,SIGSEGV,UNKNOWN", "134,SIGABRT,UNKNOWN",
        "130,SIGINT,NOT_DUMPED", "141,SIGPIPE,NOT_DUMPED", "129,SIGHUP,NOT_DUMPED", "135,SIGBUS,UNKNOWN",
        "159,SIGSYS,UNKNOWN",
    })
    void decode_128PlusFatalSignal_isKilledBySignal(int status, Signal signal, CoreDump core) {
        DecodedStatus d = ShellStatusDecoder.decode(status);
        assertEquals(Fate.KILLED, d.fate());
        assertEquals(Optional.of(signal), d.signal());
        assertEquals(OptionalInt.empty(), d.exitCode());
        assertEquals(core, d.coreDump());
        assertEquals(OptionalInt.of(status), d.shellStatus());
        assertTrue(d.headline().contains(signal.label()), d.headline());
    }

    @Test
    void decode_192_isKilledBySigrtmax() {
        DecodedStatus d = ShellStatusDecoder.decode(192);
        assertEquals("SIGRTMAX", d.signal().orElseThrow().signalName());
        assertEquals(Fate.KILLED, d.fate());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 42, 124, 125, 126, 127, 128, 193, 200, 254, 255})
    void decode_ownExitCodes_areExited(int status) {
        DecodedStatus d = ShellStatusDecoder.decode(status);
        assertEquals(Fate.EXITED, d.fate());
        assertEquals(OptionalInt.of(status), d.exitCode());
        assertEquals(Optional.empty(), d.signal());
        assertEquals(CoreDump.NOT_DUMPED, d.coreDump());
    }

    @ParameterizedTest
    @CsvSource({"147,SIGSTOP", "148,SIGTSTP", "149,SIGTTIN", "150,SIGTTOU"})
    void decode_128PlusStopSignal_isStoppedJob(int status, Signal signal) {
        DecodedStatus d = ShellStatusDecoder.decode(status);
        assertEquals(Fate.STOPPED, d.fate());
        assertEquals(Optional.of(signal), d.signal());
        assertTrue(d.headline().startsWith("Stopped"), d.headline());
    }

    @ParameterizedTest
    @CsvSource({"145,SIGCHLD", "146,SIGCONT", "151,SIGURG", "156,SIGWINCH"})
    void decode_128PlusSignalThatCannotKill_isOwnExitCode(int status, Signal signal) {
        DecodedStatus d = ShellStatusDecoder.decode(status);
        assertEquals(Fate.EXITED, d.fate());
        assertEquals(OptionalInt.of(status), d.exitCode());
        assertTrue(d.headline().contains(signal.label() + " does not end a process"), d.headline());
    }

    @Test
    void decode_137_leadsWithSigkillAndNamesTheCauses() {
        DecodedStatus d = ShellStatusDecoder.decode(137);
        assertEquals("Killed by SIGKILL (9): it could not catch this; no cleanup ran.", d.headline());
        String notes = String.join("\n", d.notes());
        assertTrue(notes.contains("OOM killer"), notes);
        assertTrue(notes.contains("kill -9"), notes);
        assertTrue(notes.contains("docker kill"), notes);
        assertTrue(notes.contains("whokilled analyze"), notes);
        assertTrue(notes.contains("128+9"), notes);
    }

    @Test
    void decode_143_isPoliteSigterm() {
        DecodedStatus d = ShellStatusDecoder.decode(143);
        assertTrue(d.headline().startsWith("Killed by SIGTERM (15): a polite stop request"), d.headline());
        assertTrue(String.join("\n", d.notes()).contains("SuccessExitStatus=143"));
    }

    @Test
    void decode_139_isCrashPointingAtKernelLogAndCores() {
        DecodedStatus d = ShellStatusDecoder.decode(139);
        assertTrue(d.headline().startsWith("Crashed with SIGSEGV (11)"), d.headline());
        String notes = String.join("\n", d.notes());
        assertTrue(notes.contains("segfault at"), notes);
        assertTrue(notes.contains("coredumpctl"), notes);
    }

    @ParameterizedTest
    @CsvSource({"126,not be executed", "127,command not found", "124,timeout(1)", "0,success"})
    void decode_wellKnownCodes_explainTheConvention(int status, String expected) {
        DecodedStatus d = ShellStatusDecoder.decode(status);
        String text = d.headline() + "\n" + String.join("\n", d.notes());
        assertTrue(text.contains(expected), text);
    }

    @Test
    void decode_everyStatus_keepsShellStatus() {
        for (int status = 0; status <= 255; status++) {
            assertEquals(OptionalInt.of(status), ShellStatusDecoder.decode(status).shellStatus(), "status " + status);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 256, 1000})
    void decode_outOfRange_throwsWithValue(int status) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellStatusDecoder.decode(status));
        assertEquals("shell exit status must be 0-255: " + status, e.getMessage());
    }
}
