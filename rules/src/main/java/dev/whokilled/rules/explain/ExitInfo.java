package dev.whokilled.rules.explain;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the process ended, as far as known.
 *
 * @param status the status a shell or container runtime reports (128+N for a signal death)
 * @param code the exit code, for a normal exit
 * @param signal the terminating signal number
 * @param coreDumped whether a core was dumped, when known
 * @param observed true when a wait status was seen; false when implied by the evidence (an OOM kill is a SIGKILL)
 */
public record ExitInfo(OptionalInt status, OptionalInt code, OptionalInt signal, Optional<Boolean> coreDumped,
                       boolean observed) {
    public static final ExitInfo UNKNOWN = new ExitInfo(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
            Optional.empty(), false);

    public ExitInfo {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(coreDumped, "coreDumped");
        if (signal.isPresent() && (signal.getAsInt() < 1 || signal.getAsInt() > 64)) {
            throw new IllegalArgumentException("signal must be 1-64: " + signal.getAsInt());
        }
    }

    /** A death by signal N that the evidence implies but no one observed: the shell would report 128+N. */
    public static ExitInfo impliedSignal(int signal) {
        return new ExitInfo(OptionalInt.of(128 + signal), OptionalInt.empty(), OptionalInt.of(signal), Optional.empty(),
                false);
    }
}
