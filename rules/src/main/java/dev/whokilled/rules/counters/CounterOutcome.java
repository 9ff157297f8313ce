package dev.whokilled.rules.counters;

import java.util.Objects;

/**
 * What a kernel counter file said about one counter: its value, that the file has no such line,
 * or a line that broke. Immutable. "Absent" and "malformed" are never read as zero: a counter a
 * kernel does not have (vmstat's {@code oom_kill} before Linux 4.13) counted nothing.
 */
public sealed interface CounterOutcome {

    /** The counter's value. */
    record Counted(String key, long value) implements CounterOutcome {
        public Counted {
            Objects.requireNonNull(key, "key");
            if (value < 0) {
                throw new IllegalArgumentException("a kernel counter is unsigned: " + key + " " + value);
            }
        }
    }

    /** The file has no line for the counter: the kernel is older than the counter, or the file is not the one meant. */
    record Absent(String key) implements CounterOutcome {
        public Absent {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The counter's line is there but is not {@code key value} with an unsigned decimal value.
     *
     * @param reason for a person: {@code "value is not a number: 1x"}
     */
    record Malformed(String key, String line, String reason) implements CounterOutcome {
        public Malformed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The value, when counted. */
    default java.util.OptionalLong count() {
        return this instanceof Counted c ? java.util.OptionalLong.of(c.value()) : java.util.OptionalLong.empty();
    }
}
