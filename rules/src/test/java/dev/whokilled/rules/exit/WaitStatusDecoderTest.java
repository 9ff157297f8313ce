package dev.whokilled.rules.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.DefaultAction;
import dev.whokilled.rules.signal.Signal;
import dev.whokilled.rules.signal.Signals;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WaitStatusDecoderTest {
    @ParameterizedTest
    @CsvSource({"9,SIGKILL,NOT_DUMPED,137", "0x8b,SIGSEGV,DUMPED,139", "0xb,SIGSEGV,NOT_DUMPED,139",
        "0x86,SIGABRT,DUMPED,134", "15,SIGTERM,NOT_DUMPED,143"})
    void decode_signalDeath_isKilled(String raw, Signal signal, CoreDump core, int shell) {
        DecodedStatus d = WaitStatusDecoder.decode(Integer.decode(raw));
        assertEquals(Fate.KILLED, d.fate());
        assertEquals(Optional.of(signal), d.signal());
        assertEquals(core, d.coreDump());
        assertEquals(OptionalInt.of(shell), d.shellStatus());
        assertEquals(Interpretation.WAIT_STATUS, d.interpretation());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "0x100,1", "0x7f00,127", "0xff00,255", "32512,127"})
    void decode_exit_hasCodeFromBits8To15(String raw, int code) {
        DecodedStatus d = WaitStatusDecoder.decode(Integer.decode(raw));
        assertEquals(Fate.EXITED, d.fate());
        assertEquals(OptionalInt.of(code), d.exitCode());
    }

    @Test
    void decode_0x8b_headlineSaysCoreDumpedAndNotesSayWhere() {
        DecodedStatus d = WaitStatusDecoder.decode(0x8b);
        assertTrue(d.headline().startsWith("Crashed with SIGSEGV (11), core dumped"), d.headline());
        assertTrue(String.join("\n", d.notes()).contains("coredumpctl info"), d.notes().toString());
    }

    @Test
    void decode_0x137f_isStoppedBySigstop() {
        DecodedStatus d = WaitStatusDecoder.decode(0x137f);
        assertEquals(Fate.STOPPED, d.fate());
        assertEquals(Optional.of(Signal.SIGSTOP), d.signal());
    }

    @Test
    void decode_0xffff_isContinued() {
        DecodedStatus d = WaitStatusDecoder.decode(0xffff);
        assertEquals(Fate.CONTINUED, d.fate());
        assertEquals(OptionalInt.empty(), d.shellStatus());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0x80|core-dump bit 0x80 set but no signal",
        "0x89|SIGKILL (9), which never dumps core",
        "0x109|both a signal (9) and an exit code (1)",
        "0x11|SIGCHLD (17), which cannot kill",
        "0x41|signal 65, which Linux does not have",
        "0x417f|signal 65, which Linux does not have",
        "0xff|neither a stop",
    })
    void decode_statusKernelNeverProduces_throwsWithReason(String raw, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WaitStatusDecoder.decode(Integer.decode(raw)));
        assertTrue(e.getMessage().startsWith(raw), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x10000})
    void decode_outOfRange_throws(int raw) {
        assertThrows(IllegalArgumentException.class, () -> WaitStatusDecoder.decode(raw));
    }

    /** What the kernel writes for exit(code): code << 8. */
    @Property
    void decode_exitStatusTheKernelWrites_roundTrips(@ForAll @IntRange(min = 0, max = 255) int code) {
        DecodedStatus d = WaitStatusDecoder.decode(code << 8);
        assertEquals(OptionalInt.of(code), d.exitCode());
        assertEquals(OptionalInt.of(code), d.shellStatus());
    }

    /** What the kernel writes for a fatal signal: the number, plus 0x80 when it dumped core. */
    @Property
    void decode_signalDeathTheKernelWrites_roundTrips(@ForAll @IntRange(min = 1, max = 64) int number,
                                                     @ForAll boolean core) {
        AnySignal signal = Signals.byNumber(number).orElseThrow();
        boolean possible = signal.defaultAction().ends() && (!core || signal.defaultAction() == DefaultAction.CORE);
        int raw = number | (core ? 0x80 : 0);
        if (!possible) {
            assertThrows(IllegalArgumentException.class, () -> WaitStatusDecoder.decode(raw));
            return;
        }
        DecodedStatus d = WaitStatusDecoder.decode(raw);
        assertEquals(Optional.of(signal), d.signal());
        assertEquals(core ? CoreDump.DUMPED : CoreDump.NOT_DUMPED, d.coreDump());
        assertEquals(OptionalInt.of(128 + number), d.shellStatus());
    }

    /** Every 16-bit value either decodes to a valid reading or is refused with a reason: nothing else escapes. */
    @Property
    void decode_any16BitValue_decodesOrRefuses(@ForAll @IntRange(min = 0, max = 0xffff) int raw) {
        try {
            DecodedStatus d = WaitStatusDecoder.decode(raw);
            assertTrue(!d.headline().isBlank());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("0x" + Integer.toHexString(raw)), e.getMessage());
        }
    }
}
