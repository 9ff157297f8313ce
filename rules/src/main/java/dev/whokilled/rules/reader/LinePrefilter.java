package dev.whokilled.rules.reader;

/**
 * A cheap test on the raw bytes of a line, run before the line is decoded into a String; a line
 * it rejects is skipped without decoding or parsing. Implementations must be stateless or
 * confined to the reading thread, and must not keep a reference to the buffer.
 *
 * <p>It is not consulted for format detection, nor for kmsg continuation lines (those follow
 * the fate of the record they belong to).
 */
@FunctionalInterface
public interface LinePrefilter {
    /** Keeps every line. */
    LinePrefilter KEEP_ALL = (buf, from, to) -> true;

    /**
     * Whether to decode and parse the line held in {@code buf[from, to)} (no line terminator; the
     * bytes are valid only during this call).
     */
    boolean keep(byte[] buf, int from, int to);

    /**
     * Where in {@code buf[from, to)} (whole lines) the next line worth offering to {@link #keep}
     * may be: an index in {@code [from, to]} such that {@code keep} would reject every line that
     * ends before it. The reader skips those lines unseen, counting them, and offers the line
     * holding the index. This lets a filter search a whole buffer at once instead of line by line;
     * the default, {@code from}, offers every line.
     */
    default int skipTo(byte[] buf, int from, int to) {
        return from;
    }

    /**
     * Whether this filter now decides as a fresh one would: nothing it has seen bears on the next
     * line. {@link PartedRecords} reads a file's parts side by side, each with a fresh filter, and
     * trusts a part only if the filter of the part before it ended at rest. Stateless filters
     * always are (the default).
     */
    default boolean atRest() {
        return true;
    }

    /**
     * A good place to start a part of a file: in {@code buf[from, to)} (whole lines), the start of
     * the first line after which any instance of this filter is at rest, whatever it saw before;
     * -1 if there is none. Only a hint for placing split points ({@link #atRest} decides); the
     * default, {@code from}, suits stateless filters.
     */
    default int restartPoint(byte[] buf, int from, int to) {
        return from;
    }
}
