package dev.whokilled.rules.reader;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Counts the lines in a stretch of whole lines without splitting it, for the stretches a
 * prefilter lets the reader skip; stateless, thread-safe.
 */
final class Newlines {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW_BITS = 0x7f7f7f7f7f7f7f7fL;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long PAIRS = 0x00ff00ff00ff00ffL;
    private static final long SUM_OF_SHORTS = 0x0001000100010001L;
    /** Blocks of this many bytes at most: 255 words, so that a byte-wide count per lane cannot overflow. */
    private static final int MAX_BLOCK = 255 * Long.BYTES;

    private Newlines() {
    }

    /**
     * Counts of the lines of {@code b[from, to)}, which ends just after a newline: how many there
     * are, and how many are longer than {@code maxLineBytes} (not counting a {@code '\r'} before
     * the newline), as {@link LineSplitter} would cut them.
     */
    record Count(long lines, long overLong) {
    }

    /**
     * Counts eight bytes at a time (SWAR): XOR with {@code 0x0a..} turns newlines into zero bytes,
     * and {@code ~(((x & 0x7f..) + 0x7f..) | x) & 0x80..} sets the high bit of exactly those (no
     * borrow crosses bytes, unlike the cheaper test that finds only the first). Shifted down to a
     * 1 per newline, these add up in eight byte-wide counters, summed once per block: the CLI runs
     * C1, which calls {@code Long.bitCount} rather than using the instruction, and one bit count
     * per word made this loop three times slower (0.6 against 0.2 ns per byte). Over-long lines
     * are rare, so rather than measuring each line it only notes whether a block of at most half
     * the bound has no newline, which every over-long line contains one of, and then measures the
     * lines of this stretch one by one.
     */
    static Count count(byte[] b, int from, int to, int maxLineBytes) {
        int block = Math.min(MAX_BLOCK, Integer.highestOneBit((maxLineBytes + 1) / 2)) & ~(Long.BYTES - 1);
        long lines = 0;
        boolean newlineFreeBlock = false;
        int i = from;
        for (; i + block <= to; i += block) {
            long perByte = 0;
            for (int j = i; j < i + block; j += Long.BYTES) {
                long x = (long) LONGS.get(b, j) ^ NEWLINES;
                perByte += (~(((x & LOW_BITS) + LOW_BITS) | x) & HIGH_BITS) >>> 7;
            }
            // eight byte-wide counts (at most 255 each): add them pairwise into 16 bits, then all four with one multiply
            long pairs = (perByte & PAIRS) + ((perByte >>> 8) & PAIRS);
            int inBlock = (int) ((pairs * SUM_OF_SHORTS) >>> 48);
            lines += inBlock;
            newlineFreeBlock |= inBlock == 0;
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
        return new Count(lines, newlineFreeBlock ? overLong(b, from, to, maxLineBytes) : 0);
    }

    private static long overLong(byte[] b, int from, int to, int maxLineBytes) {
        long n = 0;
        int start = from;
        while (start < to) {
            int nl = LineSplitter.indexOfNewline(b, start, to);
            int end = nl > start && b[nl - 1] == '\r' ? nl - 1 : nl;
            if (end - start > maxLineBytes) {
                n++;
            }
            start = nl + 1;
        }
        return n;
    }
}
