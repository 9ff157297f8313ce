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
}
