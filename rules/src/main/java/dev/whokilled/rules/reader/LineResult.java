package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import java.util.Objects;

/** What a {@link LineParser} made of one line. Immutable. */
sealed interface LineResult {
    /** A record starts on this line. */
    record Parsed(KernelRecord record) implements LineResult {
        public Parsed {
            Objects.requireNonNull(record, "record");
        }
    }

    /** A kmsg continuation line: a {@code KEY=value} pair for the record above it. */
    record Context(String key, String value) implements LineResult {
        public Context {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A line the rendering prints that carries no record ({@code -- Boot … --}); understood, nothing to emit. */
    record Marker() implements LineResult {
    }

    /** Not a line of this rendering. */
    record NotUnderstood() implements LineResult {
    }

    LineResult MARKER = new Marker();
    LineResult NOT_UNDERSTOOD = new NotUnderstood();
}
