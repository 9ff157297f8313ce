package dev.whokilled.rules.oom;

import dev.whokilled.rules.oom.OomLine.TaskTableHeader;
import dev.whokilled.rules.oom.OomParseOutcome.Ignored;
import dev.whokilled.rules.oom.OomParseOutcome.Parsed;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A message parsed by {@link OomLineParser} ahead of the {@link OomReportAssembler}, for example on
 * the thread that reads the log, with the task-table layout then believed current. Immutable.
 *
 * <p>The parse depends on the layout only for lines that start with {@code [} (task-table rows), and
 * the layout that counts is the assembler's (the open report's header), which the reading thread
 * cannot know. So {@link #outcomeFor} hands back this outcome only when it cannot differ from
 * {@code OomLineParser.parse(message, layout)} with the assembler's layout, and parses again
 * otherwise: using a preparse never changes a result, it only moves the work.
 *
 * @param message the message parsed
 * @param layout the layout it was parsed with
 * @param outcome {@code OomLineParser.parse(message, layout)}
 */
public record OomPreparse(String message, Optional<TableLayout> layout, OomParseOutcome outcome) {
    public OomPreparse {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** {@code OomLineParser.parse(message, actual)}: this outcome when the layout cannot change it, else a new parse. */
    public OomParseOutcome outcomeFor(Optional<TableLayout> actual) {
        if (!message.startsWith("[") || layout.equals(actual)) {
            return outcome;
        }
        return OomLineParser.parse(message, actual);
    }

    /**
     * Parses records ahead, guessing the layout from the last task-table header it was given. One
     * per reading thread (a part of a file); not thread-safe.
     */
    public static final class Preparer {
        private static final OomPreparse IGNORED = new OomPreparse("", Optional.empty(), Ignored.INSTANCE);

        private Optional<TableLayout> layout = Optional.empty();

        /**
         * The preparse of {@code record}; records the assembler never parses (userspace origin) get
         * a placeholder it does not read.
         */
        public OomPreparse prepare(KernelRecord record) {
            if (record.origin() == Origin.USERSPACE) {
                return IGNORED;
            }
            OomParseOutcome outcome = OomLineParser.parse(record.message(), layout);
            OomPreparse p = new OomPreparse(record.message(), layout, outcome);
            if (outcome instanceof Parsed parsed && parsed.line() instanceof TaskTableHeader header) {
                layout = Optional.of(header.layout());
            }
            return p;
        }
    }
}
