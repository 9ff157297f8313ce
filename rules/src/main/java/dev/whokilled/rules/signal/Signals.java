package dev.whokilled.rules.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lookup of Linux signals 1-64 by number and by the names people type. Stateless and thread-safe.
 *
 * <p>{@link #parse} accepts what {@code kill -s} accepts and a little more: with or without the {@code SIG}
 * prefix, any case, the aliases SIGIOT, SIGCLD and SIGPOLL, {@code RTMIN+n} and {@code RTMAX-n} (0-30), gdb's
 * {@code SIG32}/{@code SIG33}, and plain numbers 1-64.
 */
public final class Signals {
    /** The highest signal number on x86-64 and aarch64. */
    public static final int MAX = RealtimeSignal.RTMAX;

    private static final List<AnySignal> ALL;

    static {
        List<AnySignal> all = new ArrayList<>(List.of(Signal.values()));
        for (int n = RealtimeSignal.KERNEL_MIN; n <= RealtimeSignal.RTMAX; n++) {
            all.add(new RealtimeSignal(n));
        }
        ALL = List.copyOf(all);
    }

    private Signals() {
    }

    /** The signal with this number, or empty outside 1-64. */
    public static Optional<AnySignal> byNumber(int number) {
        return number >= 1 && number <= MAX ? Optional.of(ALL.get(number - 1)) : Optional.empty();
    }

    /** Every signal, 1-64, in number order. */
    public static List<AnySignal> all() {
        return ALL;
    }

    /** {@code "SIGKILL"}, {@code "SIGRTMIN+3"}, or {@code "signal 99"} for a number that is no Linux signal. */
    public static String name(int number) {
        return byNumber(number).map(AnySignal::signalName).orElse("signal " + number);
    }

    /**
     * The signal a person means by {@code text}: {@code "KILL"}, {@code "sigkill"}, {@code "9"}, {@code "RTMIN+3"},
     * {@code "SIGRTMAX-2"}, {@code "IOT"}; empty when it names no signal. Surrounding blanks are ignored.
     */
    public static Optional<AnySignal> parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (isDigits(t)) {
            return t.length() <= 2 ? byNumber(Integer.parseInt(t)) : Optional.empty();
        }
        String bare = t.startsWith("SIG") ? t.substring(3) : t;
        if (bare.isEmpty()) {
            return Optional.empty();
        }
        if (bare.startsWith("RTMIN") || bare.startsWith("RTMAX")) {
            return realtime(bare);
        }
        if (bare.equals("32") || bare.equals("33")) {
            return byNumber(Integer.parseInt(bare)); // gdb's SIG32/SIG33, the names we print for them
        }
        String full = "SIG" + bare;
        for (Signal s : Signal.values()) {
            if (s.name().equals(full) || s.aliases().contains(full)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** RTMIN, RTMIN+n, RTMAX, RTMAX-n with n 0-30, staying inside glibc's 34-64. */
    private static Optional<AnySignal> realtime(String bare) {
        boolean fromMin = bare.startsWith("RTMIN");
        String rest = bare.substring(5);
        int offset;
        if (rest.isEmpty()) {
            offset = 0;
        } else {
            char sign = rest.charAt(0);
            String digits = rest.substring(1);
            if (sign != (fromMin ? '+' : '-') || !isDigits(digits) || digits.length() > 2) {
                return Optional.empty();
            }
            offset = Integer.parseInt(digits);
        }
        int number = fromMin ? RealtimeSignal.RTMIN + offset : RealtimeSignal.RTMAX - offset;
        return number >= RealtimeSignal.RTMIN && number <= RealtimeSignal.RTMAX ? byNumber(number) : Optional.empty();
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
