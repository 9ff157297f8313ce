package dev.whokilled.rules.reader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines in one reusable buffer, with lines cut at a byte bound; not
 * thread-safe. A cursor: after {@link #next()} returns true, {@link #buffer()} holds the line in
 * {@code [from(), to())} until the next call.
 *
 * <p>Memory stays bounded whatever the input: the buffer is allocated once, and the part of an
 * over-long line beyond the bound is discarded as it is read, never accumulated.
 */
final class LineSplitter {
    /** Large reads keep the per-call overhead of the underlying stream out of the hot loop. */
    static final int MIN_BUFFER_BYTES = 256 * 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipping;
    /** Just after the last newline in {@code buf[0, limit)}, or 0: kept up by fill so that finding it stays cheap. */
    private int wholeEnd;

    private int from;
    private int to;
    private boolean truncated;
    private long lineNumber;
    private long truncatedLines;

    LineSplitter(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        // Twice the bound: after compacting a partial line (at most maxLineBytes) there is always room to read.
        this.buf = new byte[Math.max(MIN_BUFFER_BYTES, 2 * maxLineBytes)];
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
        if (skipping && !skipRestOfLine()) {
            return false;
        }
        int scan = pos;
        while (true) {
            int nl = indexOfNewline(buf, scan, limit);
            if (nl >= 0) {
                int end = nl;
                if (end > pos && buf[end - 1] == '\r') {
                    end--;
                }
                set(pos, end);
                pos = nl + 1;
                return true;
            }
            // One byte of slack: a line of exactly the bound may still be followed by "\r\n".
            if (limit - pos > maxLineBytes + 1) {
                set(pos, limit);
                pos = to;
                skipping = true;
                return true;
            }
            if (eof) {
                if (pos < limit) {
                    int end = limit;
                    if (buf[end - 1] == '\r') {
                        end--;
                    }
                    set(pos, end);
                    pos = limit;
                    return true;
                }
                return false;
            }
            scan = limit - pos;
            compact();
            fill();
        }
    }

    /** Where the line after the current one starts in {@link #buffer()}. */
    int position() {
        return pos;
    }

    /**
     * End of the whole lines buffered after the current one, {@code buffer()[position(), end)}:
     * just after the last buffered newline; {@code position()} when there is none yet, or while
     * the rest of an over-long line still has to be discarded.
     */
    int endOfWholeLines() {
        return skipping ? pos : Math.max(pos, wholeEnd);
    }

    /**
     * Skips the buffered lines that end before {@code at}, at most {@link #endOfWholeLines()},
     * counting them as read (and as cut where over-long), so that {@link #next()} returns the line
     * holding {@code at}. Returns how many lines were skipped.
     */
    long skipLinesBefore(int at) {
        int start = at;
        while (start > pos && buf[start - 1] != '\n') {
            start--;
        }
        Newlines.Count count = Newlines.count(buf, pos, start, maxLineBytes);
        lineNumber += count.lines();
        truncatedLines += count.overLong();
        pos = start;
        return count.lines();
    }

    private void set(int start, int end) {
        lineNumber++;
        from = start;
        truncated = end - start > maxLineBytes;
        to = truncated ? start + maxLineBytes : end;
        if (truncated) {
            truncatedLines++;
        }
    }

    /** Discards input up to and including the next newline; false if the input ended first. */
    private boolean skipRestOfLine() throws IOException {
        while (true) {
            int nl = indexOfNewline(buf, pos, limit);
            if (nl >= 0) {
                pos = nl + 1;
                skipping = false;
                return true;
            }
            pos = 0;
            limit = 0;
            wholeEnd = 0;
            if (eof) {
                skipping = false;
                return false;
            }
            fill();
        }
    }

    private void compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            wholeEnd = Math.max(0, wholeEnd - pos);
            pos = 0;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            for (int i = limit + n - 1; i >= limit; i--) {
                if (buf[i] == '\n') {
                    wholeEnd = i + 1;
                    break;
                }
            }
            limit += n;
        }
    }

    /**
     * Index of the first {@code '\n'} in {@code b[start, end)}, or -1. Eight bytes at a time (SWAR):
     * XOR with {@code 0x0a} turns newlines into zero bytes, and {@code (w - 0x01..) & ~w & 0x80..}
     * has its lowest set bit in the first zero byte (little-endian, so that is the first in memory).
     * About twice as fast as a byte loop, which makes it most of the cost of a prefiltered read.
     */
    static int indexOfNewline(byte[] b, int start, int end) {
        int i = start;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i) ^ NEWLINES;
            long zeros = (w - ONES) & ~w & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    byte[] buffer() {
        return buf;
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    /** Whether the current line was cut at the bound. */
    boolean truncated() {
        return truncated;
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    long truncatedLines() {
        return truncatedLines;
    }
}
