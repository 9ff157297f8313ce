package dev.whokilled.rules.explain;

import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.WallTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a process died, in the clocks the evidence carries: a wall time (with how it was obtained)
 * and the kernel's monotonic stamp, kept apart because converting between them can be wrong.
 */
public record When(Optional<WallTime> wallTime, OptionalLong monotonicMicros, Optional<String> bootId) {
    public When {
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(monotonicMicros, "monotonicMicros");
        Objects.requireNonNull(bootId, "bootId");
    }

    /**
     * The time of a record; when the rendering has no wall time but the boot time is known
     * (a live kernel log), the monotonic stamp is converted and marked as such.
     */
    public static When of(KernelRecord record, Optional<BootClock> bootClock) {
        OptionalLong mono = record.stamp().monotonicMicros();
        Optional<WallTime> wall = record.stamp().wallTime();
        if (wall.isEmpty() && mono.isPresent() && bootClock.isPresent()) {
            wall = Optional.of(bootClock.get().toWallTime(mono.getAsLong()));
        }
        return new When(wall, mono, record.stamp().bootId());
    }
}
