package dev.whokilled.rules.exit;

import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.DefaultAction;
import dev.whokilled.rules.signal.Signal;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes a raw wait(2) status, the form system(3), Python's {@code os.system}, Perl's {@code $?} and the kernel's
 * netlink proc connector ({@code exit_code}) give. Stateless and thread-safe.
 *
 * <p>Layout (16 bits): low 7 bits the terminating signal (0 = it exited), bit 0x80 "core dumped", bits 8-15 the exit
 * code; a low byte of 0x7f means stopped, with the stop signal in bits 8-15; 0xffff means continued. Statuses the
 * kernel never produces (a core bit without a fatal core-dumping signal, an exit code beside a signal, a signal that
 * cannot kill) are rejected rather than guessed at.
 */
public final class WaitStatusDecoder {
    private WaitStatusDecoder() {
    }

    /** The one reading of {@code raw}; throws {@link IllegalArgumentException}, with the reason, when the kernel cannot produce it. */
    public static DecodedStatus decode(int raw) {
        if (raw < 0 || raw > 0xffff) {
            throw new IllegalArgumentException("wait status must be 0-0xffff: " + raw);
        }
        String hex = "0x" + Integer.toHexString(raw);
        if (raw == 0xffff) {
            return new DecodedStatus(Interpretation.WAIT_STATUS, Fate.CONTINUED, OptionalInt.empty(),
                    Optional.of(Signal.SIGCONT), CoreDump.NOT_DUMPED, OptionalInt.empty(),
                    "Continued: SIGCONT resumed it, so it is running, not dead.",
                    List.of("Raw wait(2) status 0xffff is WIFCONTINUED, seen only by a parent waiting with WCONTINUED."));
        }
        int low7 = raw & 0x7f;
        boolean coreBit = (raw & 0x80) != 0;
        int high = (raw >> 8) & 0xff;
        if (low7 == 0) {
            if (coreBit) {
                throw new IllegalArgumentException(hex + " has the core-dump bit 0x80 set but no signal");
            }
            return Readings.exited(Interpretation.WAIT_STATUS, high, List.of("Read as a raw wait(2) status: " + hex
                    + " has exit code " + high + " in bits 8-15 (a shell would show " + high + ")."));
        }
        if (low7 == 0x7f) {
            if (coreBit) {
                throw new IllegalArgumentException(hex + " is neither a stop (low byte 0x7f) nor continued (0xffff)");
            }
            AnySignal signal = signal(high, hex);
            return Readings.stopped(Interpretation.WAIT_STATUS, signal, SignalDeaths.stoppedHeadline(signal), List.of(
                    "Read as a raw wait(2) status: " + hex + " is WIFSTOPPED (low byte 0x7f) with signal " + high
                            + " in bits 8-15, seen by a parent waiting with WUNTRACED, or by a tracer."));
        }
        if (high != 0) {
            throw new IllegalArgumentException(hex + " has both a signal (" + low7 + ") and an exit code (" + high
                    + "); the kernel never sets both");
        }
        AnySignal signal = signal(low7, hex);
        if (!signal.defaultAction().ends()) {
            throw new IllegalArgumentException(hex + " would mean killed by " + signal.label()
                    + ", which cannot kill (default action: " + signal.defaultAction().description() + ")");
        }
        if (coreBit && signal.defaultAction() != DefaultAction.CORE) {
            throw new IllegalArgumentException(hex + " has the core-dump bit set with " + signal.label()
                    + ", which never dumps core");
        }
        CoreDump core = coreBit ? CoreDump.DUMPED : CoreDump.NOT_DUMPED;
        return Readings.killed(Interpretation.WAIT_STATUS, signal, core, List.of("Read as a raw wait(2) status: "
                + hex + " has signal " + low7 + " in the low 7 bits" + (coreBit ? " and the core-dump bit 0x80 set" : "")
                + " (a shell would show " + signal.shellStatus() + ")."));
    }

    private static AnySignal signal(int number, String hex) {
        return Signals.byNumber(number).orElseThrow(() -> new IllegalArgumentException(
                hex + " names signal " + number + ", which Linux does not have (1-64)"));
    }
}
