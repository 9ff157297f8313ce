package dev.whokilled.rules.death;

import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.ProcessExit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An explained death and the facts it rests on. Immutable.
 *
 * <p>{@link Termination#evidence()} holds kernel-log records only; the facts an agent observed
 * (the exit, the signals, the gaps) are cited here, so the store and the renderer can show both
 * without a change to the termination object.
 *
 * @param facts the observed facts the verdict rests on, oldest first: the exit when it was seen,
 *     the signals the verdict names, the gaps it cites; empty when only kernel evidence was seen
 */
public record Death(Termination termination, List<Fact> facts) {
    public Death {
        Objects.requireNonNull(termination, "termination");
        facts = facts.stream().sorted(Comparator.comparing(Fact::observedAt)).toList();
    }

    /** The exit the agent observed; empty when the termination rests on kernel evidence alone. */
    public Optional<ProcessExit> exit() {
        return facts.stream().filter(ProcessExit.class::isInstance).map(ProcessExit.class::cast).findFirst();
    }
}
