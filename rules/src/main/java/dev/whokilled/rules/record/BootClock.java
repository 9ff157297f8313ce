package dev.whokilled.rules.record;

import java.time.Instant;
import java.util.Objects;

/**
 * Converts the kernel's monotonic stamps to wall time given a boot time, the way {@code dmesg -T}
 * does. Immutable and thread-safe.
 *
 * <p>The printk clock stops during suspend (and across a VM snapshot restore) while the wall clock
 * does not, so a converted time is late-biased by the time spent suspended since the record was
 * made; results are marked {@link TimeBasis#CONVERTED} so output can say so.
 */
public record BootClock(Instant bootTime) {
    public BootClock {
        Objects.requireNonNull(bootTime, "bootTime");
    }

    public WallTime toWallTime(long monotonicMicros) {
        if (monotonicMicros < 0) {
            throw new IllegalArgumentException("monotonicMicros must not be negative: " + monotonicMicros);
        }
        return new WallTime(bootTime.plusNanos(Math.multiplyExact(monotonicMicros, 1000L)), TimeBasis.CONVERTED);
    }
}
