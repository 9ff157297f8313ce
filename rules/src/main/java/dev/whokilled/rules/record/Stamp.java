package dev.whokilled.rules.record;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a record was made: the kernel's own clock and sequence where the rendering keeps them,
 * and a wall time where it has one. The two clocks are kept apart on purpose: converting one to
 * the other needs a boot time, and is wrong after suspend.
 *
 * @param sequence kmsg sequence number (per boot)
 * @param monotonicMicros the printk timestamp, microseconds since boot
 * @param wallTime wall time, with how it was obtained
 * @param bootId the boot the record belongs to (journal {@code _BOOT_ID}), when known
 */
public record Stamp(OptionalLong sequence, OptionalLong monotonicMicros, Optional<WallTime> wallTime, Optional<String> bootId) {
    public static final Stamp NONE = new Stamp(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty());

    public Stamp {
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(monotonicMicros, "monotonicMicros");
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(bootId, "bootId");
        if (monotonicMicros.isPresent() && monotonicMicros.getAsLong() < 0) {
            throw new IllegalArgumentException("monotonicMicros must not be negative: " + monotonicMicros.getAsLong());
        }
    }

    public static Stamp monotonic(long micros) {
        return new Stamp(OptionalLong.empty(), OptionalLong.of(micros), Optional.empty(), Optional.empty());
    }
}
