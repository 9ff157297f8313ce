package dev.whokilled.rules.exit;

import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.DefaultAction;
import dev.whokilled.rules.signal.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns what a person types ({@code 137}, {@code -9}, {@code 0x8b}, {@code KILL}) into every plausible reading, most
 * likely first. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@code 0}-{@code 255}: a shell or container status; 1-64 may also be a signal number, read second
 *       ({@code 9}: exit code 9, or SIGKILL).</li>
 *   <li>{@code 256}-{@code 65535}, or any hexadecimal {@code 0x…}: a raw wait(2) status.</li>
 *   <li>{@code -1}-{@code -64}: a negative return code (Python's subprocess: killed by signal N).</li>
 *   <li>a signal name ({@code KILL}, {@code sigterm}, {@code RTMIN+3}): the signal, with the status it produces.</li>
 * </ul>
 */
public final class ExitStatusDecoder {
    private static final String EXPECTED =
            "give an exit status (137), a wait status (0x8b), a negative return code (-9) or a signal (KILL)";

    private ExitStatusDecoder() {
    }

    /** The readings of {@code value}, never empty; throws {@link UndecodableValueException} with a one-line reason. */
    public static List<DecodedStatus> decode(String value) {
        String t = value.strip();
        if (t.isEmpty()) {
            throw new UndecodableValueException(value, "empty; " + EXPECTED);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            return List.of(waitStatus(value, parse(value, lower.substring(2), 16)));
        }
        if (t.startsWith("-") && isNumber(t.substring(1), 10)) {
            return List.of(negativeReturn(value, parse(value, t.substring(1), 10)));
        }
        if (isNumber(t, 10)) {
            long n = parse(value, t, 10);
            if (n <= 255) {
                List<DecodedStatus> readings = new ArrayList<>();
                readings.add(ShellStatusDecoder.decode((int) n));
                Signals.byNumber((int) n).ifPresent(s -> readings.add(signal(s, true)));
                return readings;
            }
            return List.of(waitStatus(value, n));
        }
        Optional<AnySignal> signal = Signals.parse(t);
        if (signal.isEmpty()) {
            throw new UndecodableValueException(value, "not a number or a signal name; " + EXPECTED
                    + " ('whokilled signals' lists the names)");
        }
        return List.of(signal(signal.get(), false));
    }

    private static DecodedStatus waitStatus(String value, long raw) {
        if (raw > 0xffff) {
            throw new UndecodableValueException(value, "too large: an exit status is 0-255 and a wait status 0-65535 (0xffff)");
        }
        try {
            return WaitStatusDecoder.decode((int) raw);
        } catch (IllegalArgumentException e) {
            throw new UndecodableValueException(value, "as a wait status, " + e.getMessage());
        }
    }

    private static DecodedStatus negativeReturn(String value, long n) {
        AnySignal signal = Signals.byNumber((int) Math.min(n, Integer.MAX_VALUE)).orElseThrow(() -> new UndecodableValueException(
                value, "a negative return code -N means killed by signal N, and Linux signals are 1-64"));
        if (!signal.defaultAction().ends()) {
            throw new UndecodableValueException(value, "would mean killed by " + signal.label() + ", which cannot kill "
                    + "(default action: " + signal.defaultAction().description() + ")");
        }
        List<String> how = new ArrayList<>();
        how.add("Python's subprocess reports a death by signal N as returncode -N (a shell would show "
                + signal.shellStatus() + ").");
        if (n == 1) {
            how.add("If a Go program reported -1: its ExitCode() is -1 for a death by any signal (its error text, "
                    + "e.g. 'signal: killed', names it); and a C exit(-1) shows as 255, not -1.");
        }
        return Readings.killed(Interpretation.NEGATIVE_RETURN, signal, Readings.unknownCore(signal), how);
    }

    /** The signal reading: what it does by default, and the status a process it kills shows. */
    private static DecodedStatus signal(AnySignal s, boolean fromNumber) {
        DefaultAction action = s.defaultAction();
        String about = s.label() + ": " + s.meaning();
        if (action.ends()) {
            List<String> how = fromNumber
                    ? List.of("Read as a signal number; as a raw wait(2) status, " + s.number() + " means the same: killed by it.")
                    : List.of();
            return Readings.killed(Interpretation.SIGNAL, s, Readings.unknownCore(s),
                    about + " A process it kills shows exit status " + s.shellStatus() + ".", how);
        }
        if (action == DefaultAction.STOP) {
            // stoppedNotes already carry the meaning: the headline only says what it does to a process.
            return Readings.stopped(Interpretation.SIGNAL, s, s.label() + ": pauses a process, it does not end it; "
                    + "'kill -CONT PID' resumes it (a shell shows " + s.shellStatus() + ").", List.of());
        }
        Fate fate = action == DefaultAction.CONT ? Fate.CONTINUED : Fate.IGNORED;
        return new DecodedStatus(Interpretation.SIGNAL, fate, OptionalInt.empty(), Optional.of(s), CoreDump.NOT_DUMPED,
                OptionalInt.empty(), about + " It does not end a process (default action: " + action.description() + ").",
                s.usualSenders().isEmpty() ? List.of() : List.of("Usual senders: " + String.join("; ", s.usualSenders()) + "."));
    }

    private static boolean isNumber(String s, int radix) {
        return !s.isEmpty() && s.chars().allMatch(c -> Character.digit(c, radix) >= 0 && c < 128);
    }

    /** Digits to a long, refusing more than fits: "99999999999999999999" is an error, not an overflow. */
    private static long parse(String value, String digits, int radix) {
        if (!isNumber(digits, radix)) {
            throw new UndecodableValueException(value, "not a number; " + EXPECTED);
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 8) {
            throw new UndecodableValueException(value, "too large: an exit status is 0-255 and a wait status 0-65535 (0xffff)");
        }
        return Long.parseLong(significant, radix);
    }
}
