package dev.whokilled.rules.exit;

import dev.whokilled.rules.signal.AnySignal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One reading of an exit status, wait status, return code or signal: what it means for the process, for a person.
 * Immutable and thread-safe.
 *
 * @param fate exited, killed, stopped, continued, or (for a signal ignored by default) unaffected
 * @param exitCode the code it passed to exit(), present exactly when it {@link Fate#EXITED}
 * @param signal the signal that killed, stopped or resumed it, absent exactly when it exited
 * @param coreDump whether a core was written; never {@link CoreDump#DUMPED} unless it was killed
 * @param shellStatus the 0-255 status a shell or container runtime shows for this outcome (137 for SIGKILL), when
 *     there is one
 * @param headline one sentence that leads with the answer: {@code "Killed by SIGKILL (9): it could not catch this; no
 *     cleanup ran."}
 * @param notes usual causes, how to tell them apart, where to look next; most useful first
 */
public record DecodedStatus(Interpretation interpretation, Fate fate, OptionalInt exitCode, Optional<AnySignal> signal,
                            CoreDump coreDump, OptionalInt shellStatus, String headline, List<String> notes) {
    public DecodedStatus {
        Objects.requireNonNull(interpretation, "interpretation");
        Objects.requireNonNull(fate, "fate");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(coreDump, "coreDump");
        Objects.requireNonNull(shellStatus, "shellStatus");
        Objects.requireNonNull(headline, "headline");
        notes = List.copyOf(notes);
        if (headline.isBlank()) {
            throw new IllegalArgumentException("headline must not be blank");
        }
        if ((fate == Fate.EXITED) != exitCode.isPresent()) {
            throw new IllegalArgumentException("exitCode must be present exactly when the fate is EXITED: " + fate + ", " + exitCode);
        }
        if ((fate == Fate.EXITED) == signal.isPresent()) {
            throw new IllegalArgumentException("signal must be present exactly when the fate is not EXITED: " + fate + ", " + signal);
        }
        if (exitCode.isPresent() && (exitCode.getAsInt() < 0 || exitCode.getAsInt() > 255)) {
            throw new IllegalArgumentException("exit code must be 0-255: " + exitCode.getAsInt());
        }
        if (shellStatus.isPresent() && (shellStatus.getAsInt() < 0 || shellStatus.getAsInt() > 255)) {
            throw new IllegalArgumentException("shell status must be 0-255: " + shellStatus.getAsInt());
        }
        if (fate != Fate.KILLED && coreDump != CoreDump.NOT_DUMPED) {
            throw new IllegalArgumentException("only a killed process can have dumped core: " + fate + ", " + coreDump);
        }
    }
}
