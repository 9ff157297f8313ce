package dev.whokilled.rules.proc;

import java.util.Objects;

/** What {@link ProcFileParsers#parseStat} made of a {@code /proc/PID/stat} line: its fields, or why not. Immutable. */
public sealed interface StatOutcome {

    record Parsed(ProcStat stat) implements StatOutcome {
        public Parsed {
            Objects.requireNonNull(stat, "stat");
        }
    }

    /**
     * The content is not a stat line whokilled can read; nothing is taken from it.
     *
     * @param content the content as given
     * @param reason what broke, for a person: {@code "no ')' closing the comm"}
     */
    record Malformed(String content, String reason) implements StatOutcome {
        public Malformed {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
