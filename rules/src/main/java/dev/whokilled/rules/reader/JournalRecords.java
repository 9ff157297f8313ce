package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.Optional;

/**
 * Parses one line of {@code journalctl -o json} (one journal entry) into a record; for live
 * readers, as {@link KmsgRecords} is for {@code /dev/kmsg}. Stateless, thread-safe.
 *
 * <p>The record is what {@code analyze} makes of the same line, with one difference. Origin is
 * {@link Origin#KERNEL} only for {@code _TRANSPORT=kernel} with facility 0, and the entry's cursor
 * is in the context under {@code "__CURSOR"}, its transport under {@code "_TRANSPORT"}. The
 * difference: an entry the kernel did not stamp (every userspace entry: systemd, earlyoom) gets
 * journald's monotonic time of receipt ({@code __MONOTONIC_TIMESTAMP}) as its monotonic stamp.
 * That is CLOCK_MONOTONIC of the entry's boot, the clock the live sources stamp exits and signals
 * with, late by the delivery delay (milliseconds), so the live correlator can place a systemd or
 * earlyoom line among the exits; without it such a line has no place in time but its arrival.
 */
public final class JournalRecords {
    private JournalRecords() {
    }

    /** The entry's record, or empty when the line is not a journal entry with a {@code MESSAGE}. */
    public static Optional<KernelRecord> parse(String line) {
        if (line.isEmpty()) {
            return Optional.empty();
        }
        // A parser per line: it keeps a JSON parser's cursor, and this entry is shared between threads.
        LineResult result = new JournalJsonLineParser(true).parse(line, 0);
        return result instanceof LineResult.Parsed parsed ? Optional.of(parsed.record()) : Optional.empty();
    }
}
