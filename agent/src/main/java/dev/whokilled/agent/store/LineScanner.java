package dev.whokilled.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads the complete ({@code '\n'}-terminated) lines of a file from an offset, in bounded memory;
 * stateless (each call has its own buffer).
 *
 * <p>Bytes after the last newline are not a line yet (a writer may be in the middle of them) and
 * are left for the next call: the returned offset is just past the last complete line. A line
 * longer than {@link #MAX_LINE_BYTES} is skipped whole and reported, so a corrupt file without
 * newlines cannot exhaust the heap.
 */
final class LineScanner {
    /** Well above the largest entry the writer accepts ({@link EventStore#MAX_ENTRY_BYTES}). */
    static final int MAX_LINE_BYTES = 2 * EventStore.MAX_ENTRY_BYTES;
    private static final int CHUNK = 64 * 1024;

    private LineScanner() {
    }

    /** Receives lines; {@code buf[off, off+len)} excludes the newline and is only valid during the call. */
    interface LineSink {
        void line(byte[] buf, int off, int len, long fileOffset) throws IOException;

        /** A line longer than {@link #MAX_LINE_BYTES} was skipped. */
        void overlong(long fileOffset, long length) throws IOException;
    }

    /**
     * Receives runs of complete lines, for a caller that searches whole buffers rather than line by
     * line; {@code buf[off, off+len)} ends with a newline and is only valid during the call.
     */
    interface BlockSink {
        void lines(byte[] buf, int off, int len, long fileOffset) throws IOException;

        /** A line longer than {@link #MAX_LINE_BYTES} was skipped. */
        void overlong(long fileOffset, long length) throws IOException;
    }

    /** Reads lines from {@code from} to the end of the file; returns the offset after the last complete line. */
    static long readLines(FileChannel channel, long from, LineSink sink) throws IOException {
        return readBlocks(channel, from, CHUNK, new BlockSink() {
            @Override
            public void lines(byte[] buf, int off, int len, long fileOffset) throws IOException {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        sink.line(buf, start, i - start, fileOffset + (start - off));
                        start = i + 1;
                    }
                }
            }

            @Override
            public void overlong(long fileOffset, long length) throws IOException {
                sink.overlong(fileOffset, length);
            }
        });
    }

    /**
     * Reads blocks of complete lines from {@code from} to the end of the file, reading {@code chunk}
     * bytes at a time; returns the offset after the last complete line.
     */
    static long readBlocks(FileChannel channel, long from, int chunk, BlockSink sink) throws IOException {
        byte[] buf = new byte[chunk];
        int filled = 0;           // bytes in buf, starting at file offset bufStart
        long bufStart = from;
        long consumed = from;     // offset after the last complete line
        boolean discarding = false;
        while (true) {
            if (filled == buf.length) {
                if (buf.length >= MAX_LINE_BYTES) {
                    // one line fills the largest buffer we allow: drop what we have and look for its end
                    discarding = true;
                    bufStart += filled;
                    filled = 0;
                } else {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_BYTES));
                }
            }
            int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), bufStart + filled);
            if (n <= 0) {
                return consumed;
            }
            int scanFrom = filled;
            filled += n;
            int lineStart = 0;
            if (discarding) {
                int end = indexOf(buf, (byte) '\n', scanFrom, filled);
                if (end < 0) {
                    continue;
                }
                sink.overlong(consumed, bufStart + end - consumed);
                discarding = false;
                lineStart = end + 1;
                consumed = bufStart + lineStart;
                scanFrom = lineStart;
            }
            int last = lastIndexOf(buf, (byte) '\n', scanFrom, filled);
            if (last >= lineStart) {
                sink.lines(buf, lineStart, last + 1 - lineStart, bufStart + lineStart);
                lineStart = last + 1;
                consumed = bufStart + lineStart;
            }
            if (lineStart > 0) {
                System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
                filled -= lineStart;
                bufStart += lineStart;
            }
        }
    }

    /**
     * Reads the one complete line that starts at {@code offset} (an offset an index gave); nothing if
     * no newline ends it within {@link #MAX_LINE_BYTES}.
     */
    static void readLineAt(FileChannel channel, long offset, LineSink sink) throws IOException {
        byte[] buf = new byte[4096];
        int filled = 0;
        while (true) {
            int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), offset + filled);
            if (n <= 0) {
                return;
            }
            int newline = indexOf(buf, (byte) '\n', filled, filled + n);
            filled += n;
            if (newline >= 0) {
                sink.line(buf, 0, newline, offset);
                return;
            }
            if (filled == buf.length) {
                if (buf.length >= MAX_LINE_BYTES) {
                    return;
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_BYTES));
            }
        }
    }

    static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] buf, byte b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
