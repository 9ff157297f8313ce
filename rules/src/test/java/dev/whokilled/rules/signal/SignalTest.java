package dev.whokilled.rules.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalTest {
    @ParameterizedTest
    @EnumSource(Signal.class)
    void fromNumber_everyConstant_roundTrips(Signal signal) {
        assertEquals(Optional.of(signal), Signal.fromNumber(signal.number()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 32, 64, 99})
    void fromNumber_outsideStandardRange_isEmpty(int number) {
        assertEquals(Optional.empty(), Signal.fromNumber(number));
    }

    /** The x86-64/aarch64 numbers, including those that differ on MIPS/SPARC/Alpha. */
    @ParameterizedTest
    @CsvSource({
        "1,SIGHUP", "2,SIGINT", "3,SIGQUIT", "4,SIGILL", "5,SIGTRAP", "6,SIGABRT", "7,SIGBUS", "8,SIGFPE",
        "9,SIGKILL", "10,SIGUSR1", "11,SIGSEGV", "12,SIGUSR2", "13,SIGPIPE", "14,SIGALRM", "15,SIGTERM",
        "16,SIGSTKFLT", "17,SIGCHLD", "18,SIGCONT", "19,SIGSTOP", "20,SIGTSTP", "21,SIGTTIN", "22,SIGTTOU",
        "23,SIGURG", "24,SIGXCPU", "25,SIGXFSZ", "26,SIGVTALRM", "27,SIGPROF", "28,SIGWINCH", "29,SIGIO",
        "30,SIGPWR", "31,SIGSYS",
    })
    void number_matchesLinuxX86Table(int number, Signal signal) {
        assertEquals(number, signal.number());
        assertEquals(signal.name(), signal.signalName());
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void catchable_falseOnlyForKillAndStop(Signal signal) {
        assertEquals(signal != Signal.SIGKILL && signal != Signal.SIGSTOP, signal.catchable());
    }

    @ParameterizedTest
    @CsvSource({
        "SIGKILL,TERM", "SIGTERM,TERM", "SIGSEGV,CORE", "SIGABRT,CORE", "SIGQUIT,CORE", "SIGXCPU,CORE",
        "SIGSYS,CORE", "SIGCHLD,IGN", "SIGURG,IGN", "SIGWINCH,IGN", "SIGSTOP,STOP", "SIGTSTP,STOP", "SIGCONT,CONT",
        "SIGPIPE,TERM", "SIGHUP,TERM", "SIGUSR1,TERM",
    })
    void defaultAction_matchesSignal7(Signal signal, DefaultAction action) {
        assertEquals(action, signal.defaultAction());
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void meaning_isOneNonEmptyLine(Signal signal) {
        assertFalse(signal.meaning().isBlank());
        assertFalse(signal.meaning().contains("\n"));
    }

    @Test
    void usualSenders_sigkill_namesOomKillerAndEscalation() {
        String senders = String.join("; ", Signal.SIGKILL.usualSenders());
        assertTrue(senders.contains("OOM killer"), senders);
        assertTrue(senders.contains("kill -9"), senders);
        assertTrue(senders.contains("stop timeout"), senders);
        assertTrue(senders.contains("docker kill"), senders);
    }

    @Test
    void usualSenders_faults_areTheKernel() {
        for (Signal s : new Signal[] {Signal.SIGSEGV, Signal.SIGBUS, Signal.SIGILL, Signal.SIGFPE}) {
            assertTrue(s.usualSenders().get(0).contains("the kernel"), s + ": " + s.usualSenders());
        }
    }

    @Test
    void shellStatus_is128PlusNumber() {
        assertEquals(137, Signal.SIGKILL.shellStatus());
        assertEquals(143, Signal.SIGTERM.shellStatus());
        assertEquals("SIGKILL (9)", Signal.SIGKILL.label());
    }
}
