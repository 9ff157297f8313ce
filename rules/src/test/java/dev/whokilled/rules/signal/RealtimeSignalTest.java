package dev.whokilled.rules.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RealtimeSignalTest {
    /** As bash's {@code kill -l} prints them on x86-64 glibc. */
    @ParameterizedTest
    @CsvSource({
        "34,SIGRTMIN", "35,SIGRTMIN+1", "37,SIGRTMIN+3", "49,SIGRTMIN+15", "50,SIGRTMAX-14", "62,SIGRTMAX-2",
        "63,SIGRTMAX-1", "64,SIGRTMAX", "32,SIG32", "33,SIG33",
    })
    void signalName_matchesKillDashL(int number, String name) {
        assertEquals(name, new RealtimeSignal(number).signalName());
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 65, 0, -34})
    void new_outsideRealtimeRange_throwsWithValue(int number) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RealtimeSignal(number));
        assertEquals("realtime signal number must be 32-64: " + number, e.getMessage());
    }

    @Test
    void reservedByGlibc_onlyThirtyTwoAndThirtyThree() {
        assertTrue(new RealtimeSignal(32).reservedByGlibc());
        assertTrue(new RealtimeSignal(33).reservedByGlibc());
        assertFalse(new RealtimeSignal(34).reservedByGlibc());
        assertTrue(new RealtimeSignal(32).meaning().contains("glibc"));
    }

    @Test
    void defaultAction_isTerminateAndCatchable() {
        RealtimeSignal s = new RealtimeSignal(40);
        assertEquals(DefaultAction.TERM, s.defaultAction());
        assertTrue(s.catchable());
        assertEquals(168, s.shellStatus());
    }
}
