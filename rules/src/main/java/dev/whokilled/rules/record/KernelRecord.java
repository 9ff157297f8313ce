package dev.whokilled.rules.record;

import java.util.Map;
import java.util.Objects;

/**
 * One record of a kernel log, in any rendering: the message and what the rendering kept of its
 * time and its writer. Immutable.
 *
 * @param format the rendering it was read from
 * @param lineNumber 1-based line of the input where the record starts (0 for live records)
 * @param stamp kernel clock, sequence and wall time, as far as known
 * @param provenance who wrote it
 * @param message the text, with the rendering's prefix removed and kmsg {@code \xNN} escapes decoded
 * @param context kmsg continuation {@code KEY=value} pairs ({@code SUBSYSTEM}, {@code DEVICE}); usually empty
 */
public record KernelRecord(LogFormat format, long lineNumber, Stamp stamp, Provenance provenance, String message,
                           Map<String, String> context) {
    public KernelRecord {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(message, "message");
        context = Map.copyOf(context);
        if (lineNumber < 0) {
            throw new IllegalArgumentException("lineNumber must not be negative: " + lineNumber);
        }
    }

    public Origin origin() {
        return provenance.origin();
    }

    /** A kernel-facility record with only a message and a kernel timestamp; for tests and synthetic input. */
    public static KernelRecord kernel(long lineNumber, long monotonicMicros, String message) {
        return new KernelRecord(LogFormat.KMSG, lineNumber, Stamp.monotonic(monotonicMicros), Provenance.of(Origin.KERNEL),
                message, Map.of());
    }
}
