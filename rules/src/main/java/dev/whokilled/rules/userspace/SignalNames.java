package dev.whokilled.rules.userspace;

import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.Signals;
import java.util.OptionalInt;

/**
 * Signal numbers for the ways supervisors and killers print a signal: {@code 9}, {@code KILL}, {@code SIGKILL},
 * {@code 9/KILL}. Stateless.
 */
final class SignalNames {
    private SignalNames() {
    }

    /**
     * The number of a printed signal, or empty when the text is not a signal. In {@code N/NAME} the number wins,
     * as systemd prints it from the wait status.
     */
    static OptionalInt parse(String text) {
        int slash = text.indexOf('/');
        String head = slash >= 0 ? text.substring(0, slash) : text;
        if (slash >= 0 && (head.isEmpty() || !head.chars().allMatch(Character::isDigit))) {
            return OptionalInt.empty();
        }
        return Signals.parse(head).map(AnySignal::number).map(OptionalInt::of).orElse(OptionalInt.empty());
    }
}
