package dev.whokilled.rules.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
    @ParameterizedTest
    @CsvSource({
        "KILL,9", "SIGKILL,9", "kill,9", "sigkill,9", "9,9", "' SIGTERM ',15", "SigSegv,11",
        "IOT,6", "SIGIOT,6", "SIGPOLL,29", "poll,29", "SIGCLD,17",
        "RTMIN,34", "SIGRTMIN,34", "RTMIN+3,37", "sigrtmin+3,37", "SIGRTMAX-2,62", "RTMAX,64", "RTMIN+30,64",
        "RTMAX-30,34", "SIG32,32", "sig33,33", "64,64", "1,1", "09,9",
    })
    void parse_acceptedForms_resolveToNumber(String text, int number) {
        assertEquals(number, Signals.parse(text).orElseThrow().number());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "SIG", "0", "65", "99", "100", "-9", "SIGFOO", "KILLL", "RTMIN-1", "RTMAX+1",
        "RTMIN+31", "RTMAX-31", "RTMIN+", "RTMIN3", "SIG9", "SIG34", "9x", "+9", "SIGRTMIN+003"})
    void parse_notASignal_isEmpty(String text) {
        assertEquals(Optional.empty(), Signals.parse(text));
    }

    @Test
    void parse_everySignalName_roundTrips() {
        for (AnySignal s : Signals.all()) {
            assertEquals(Optional.of(s), Signals.parse(s.signalName()), s.signalName());
            assertEquals(Optional.of(s), Signals.parse(Integer.toString(s.number())));
        }
    }

    @Test
    void all_isOneToSixtyFourInOrder() {
        List<AnySignal> all = Signals.all();
        assertEquals(64, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).number());
        }
        assertTrue(all.get(31) instanceof RealtimeSignal);
        assertEquals(Signal.SIGSYS, all.get(30));
    }

    @ParameterizedTest
    @CsvSource({"9,SIGKILL", "37,SIGRTMIN+3", "64,SIGRTMAX", "99,signal 99", "0,signal 0", "-1,signal -1"})
    void name_knownAndUnknownNumbers(int number, String name) {
        assertEquals(name, Signals.name(number));
    }

    @Test
    void byNumber_outsideRange_isEmpty() {
        assertEquals(Optional.empty(), Signals.byNumber(0));
        assertEquals(Optional.empty(), Signals.byNumber(65));
        assertEquals(Optional.of(Signal.SIGKILL), Signals.byNumber(9));
    }
}
