package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * The records of one kernel log in input order, with counts of what was not turned into a record;
 * for one consumer thread. Read whole ({@link RecordStream}) or in parts side by side
 * ({@link PartedRecords}): the two give the same records and counts.
 */
public interface RecordSource extends Iterator<KernelRecord>, AutoCloseable {
    /** The rendering, detected or forced; empty when the input had no non-empty line to tell by. */
    Optional<LogFormat> format();

    /** Lines read so far, empty ones included. */
    long linesRead();

    /** Lines longer than the bound, of which only the start was kept. */
    long linesTruncated();

    /** Non-empty lines that are not part of the rendering (not a record, continuation or marker). */
    long linesNotUnderstood();

    @Override
    void close() throws IOException;
}
