package dev.whokilled.rules.userspace;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Signal numbers for the ways supervisors and killers print a signal: {@code 9}, {@code KILL}, {@code SIGKILL},
 * {@code 9/KILL}. Immutable and thread-safe.
 *
 * <p>The 31 standard signals with their x86_64/aarch64 numbers (signal(7); MIPS, SPARC and Alpha differ). Kept
 * private to this package on purpose: it stands in for the project-wide signal table until that exists, and should
 * then be replaced by it.
 */
final class SignalNames {
    /** Index = signal number; index 0 is unused. */
    private static final List<String> NAMES = List.of("",
            "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
            "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
            "WINCH", "IO", "PWR", "SYS");
    private static final int MAX_SIGNAL = 64;

    private SignalNames() {
    }

    /**
     * The number of a printed signal, or empty when the text is not a signal. A number is taken as is (1-64, so
     * realtime signals pass); in {@code N/NAME} the number wins, as systemd prints it from the wait status.
     */
    static OptionalInt parse(String text) {
        int slash = text.indexOf('/');
        String head = slash >= 0 ? text.substring(0, slash) : text;
        if (!head.isEmpty() && head.length() <= 2 && head.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int number = Integer.parseInt(head);
            return number >= 1 && number <= MAX_SIGNAL ? OptionalInt.of(number) : OptionalInt.empty();
        }
        if (slash >= 0) {
            return OptionalInt.empty();
        }
        String name = text.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (name.equals("IOT")) {
            name = "ABRT";
        } else if (name.equals("POLL")) {
            name = "IO";
        }
        int number = NAMES.indexOf(name);
        return number >= 1 ? OptionalInt.of(number) : OptionalInt.empty();
    }
}
