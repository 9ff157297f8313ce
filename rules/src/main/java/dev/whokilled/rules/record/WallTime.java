package dev.whokilled.rules.record;

import java.time.Instant;
import java.util.Objects;

/** A wall-clock time and how it was obtained. */
public record WallTime(Instant instant, TimeBasis basis) {
    public WallTime {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(basis, "basis");
    }
}
