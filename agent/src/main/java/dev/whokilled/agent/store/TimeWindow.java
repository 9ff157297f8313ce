package dev.whokilled.agent.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An inclusive range of observation times, open at either end; immutable.
 *
 * @param since entries observed before this are left out
 * @param until entries observed after this are left out
 */
public record TimeWindow(Optional<Instant> since, Optional<Instant> until) {
    public static final TimeWindow ALL = new TimeWindow(Optional.empty(), Optional.empty());

    public TimeWindow {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (since.isPresent() && until.isPresent() && until.get().isBefore(since.get())) {
            throw new IllegalArgumentException("until (" + until.get() + ") is before since (" + since.get() + ")");
        }
    }

    public static TimeWindow since(Instant since) {
        return new TimeWindow(Optional.of(since), Optional.empty());
    }

    public static TimeWindow between(Instant since, Instant until) {
        return new TimeWindow(Optional.of(since), Optional.of(until));
    }

    public boolean contains(Instant t) {
        return since.map(s -> !t.isBefore(s)).orElse(true) && until.map(u -> !t.isAfter(u)).orElse(true);
    }
}
