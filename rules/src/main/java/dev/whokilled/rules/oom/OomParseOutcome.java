package dev.whokilled.rules.oom;

import java.util.Objects;

/**
 * What {@link OomLineParser} made of one kernel message: an OOM-report line, not ours, or ours but broken.
 * Immutable.
 */
public sealed interface OomParseOutcome {

    /** The message is a line of an OOM report. */
    record Parsed(OomLine line) implements OomParseOutcome {
        public Parsed {
            Objects.requireNonNull(line, "line");
        }
    }

    /** The message is not part of an OOM report (or is a part we do not use, such as a call-trace line). */
    record Ignored() implements OomParseOutcome {
        static final Ignored INSTANCE = new Ignored();
    }

    /**
     * The message starts like an OOM-report line but does not parse; nothing is taken from it.
     *
     * @param line the message as given
     * @param reason what broke, for a person: {@code "Killed process without a numeric pid: 12a4"}
     */
    record Malformed(String line, String reason) implements OomParseOutcome {
        public Malformed {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
