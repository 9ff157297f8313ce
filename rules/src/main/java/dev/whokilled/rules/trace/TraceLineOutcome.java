package dev.whokilled.rules.trace;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@link SignalGenerateLineParser} made of one {@code trace_pipe} line. Immutable.
 */
public sealed interface TraceLineOutcome {

    /** A {@code signal_generate} event. */
    record Parsed(SignalGenerate event) implements TraceLineOutcome {
        public Parsed {
            Objects.requireNonNull(event, "event");
        }
    }

    /** Not ours: a blank or {@code #} comment line, or a well-formed line of another event. */
    record Ignored() implements TraceLineOutcome {
        static final Ignored INSTANCE = new Ignored();
    }

    /**
     * The ring buffer of {@code cpu} overwrote events before they were read: {@code CPU:1 [LOST 4836 EVENTS]}.
     * The kernel prints the line before the first event read after the loss.
     *
     * @param count how many were lost; empty for the kernel's {@code CPU:N [LOST EVENTS]}, which it prints when
     *     it cannot count them
     */
    record Lost(int cpu, OptionalLong count) implements TraceLineOutcome {
        public Lost {
            Objects.requireNonNull(count, "count");
            if (cpu < 0) {
                throw new IllegalArgumentException("cpu must not be negative: " + cpu);
            }
        }
    }

    /**
     * Not a line we understand; nothing is taken from it.
     *
     * @param line the line as given
     * @param reason what broke, for a person: {@code "signal_generate without res="}
     */
    record Malformed(String line, String reason) implements TraceLineOutcome {
        public Malformed {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
