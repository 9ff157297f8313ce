package dev.whokilled.agent.store;

import dev.whokilled.rules.analysis.KeywordSearch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, without decoding, the lines of a segment that explaining one pid may need: a superset of
 * what {@link PidKeys#delivered} keeps, so the caller decodes only these and decides on the entry.
 * Not thread-safe: one per segment scan (it follows the boot ids it passes).
 *
 * <p>The writer's compact JSON spells every key the same way, so a line can matter only if it
 * holds {@code pid":N} or {@code tgid":N} with no digit after N (an exit's pid, a signal's
 * target_pid or sender_tgid; identity pids and parent_pid match too and are decoded for nothing),
 * a {@code "type":"kernel"} or {@code "type":"gap"}, or a {@code "boot_id":"} other than the last
 * one passed (an exit that may start a boot). One multi-pattern skip search runs over whole
 * buffers, so most bytes are never compared and no line is split unless it is a candidate.
 */
final class PidLines {
    private static final int CHUNK = 1 << 20;
    private static final byte[] KERNEL = ascii("\"type\":\"kernel\"");
    private static final byte[] GAP = ascii("\"type\":\"gap\"");
    private static final byte[] BOOT = ascii("\"boot_id\":\"");

    private final byte[] pidKey;
    private final byte[] tgidKey;
    private final KeywordSearch search;
    private byte[] boot = new byte[0];

    PidLines(int pid) {
        String digits = Integer.toString(pid);
        pidKey = ascii("pid\":" + digits);
        tgidKey = ascii("tgid\":" + digits);
        search = new KeywordSearch(List.of("pid\":" + digits, "tgid\":" + digits, "\"type\":\"kernel\"",
                "\"type\":\"gap\"", "\"boot_id\":\""));
    }

    /**
     * Hands each candidate among the file's complete lines to {@code sink}, in file order; returns
     * the offset after the last complete line.
     */
    long scan(FileChannel channel, LineScanner.LineSink sink) throws IOException {
        return LineScanner.readBlocks(channel, 0, CHUNK, new LineScanner.BlockSink() {
            @Override
            public void lines(byte[] buf, int off, int len, long fileOffset) throws IOException {
                int end = off + len;
                int pos = off;
                int hit;
                while (pos < end && (hit = search.indexOf(buf, pos, end)) >= 0) {
                    if (!candidate(buf, hit, end)) {
                        pos = hit + 1;
                        continue;
                    }
                    int newline = LineScanner.lastIndexOf(buf, (byte) '\n', off, hit);
                    int start = newline < 0 ? off : newline + 1;
                    int stop = LineScanner.indexOf(buf, (byte) '\n', hit, end);
                    sink.line(buf, start, stop - start, fileOffset + (start - off));
                    pos = stop + 1;
                }
            }

            @Override
            public void overlong(long fileOffset, long length) {
                // longer than any entry the writer accepts: the full scan counts it corrupt, and so skips it too
            }
        });
    }

    private boolean candidate(byte[] buf, int at, int end) {
        if (startsWith(buf, at, end, KERNEL) || startsWith(buf, at, end, GAP)) {
            return true;
        }
        if (startsWith(buf, at, end, BOOT)) {
            int from = at + BOOT.length;
            int to = LineScanner.indexOf(buf, (byte) '"', from, end);
            if (to < 0 || Arrays.equals(buf, from, to, boot, 0, boot.length)) {
                return false;
            }
            boot = Arrays.copyOfRange(buf, from, to);
            return true;
        }
        byte[] key = startsWith(buf, at, end, pidKey) ? pidKey : tgidKey;
        int after = at + key.length;
        return after < end && (buf[after] < '0' || buf[after] > '9');
    }

    private static boolean startsWith(byte[] buf, int at, int end, byte[] key) {
        return at + key.length <= end && Arrays.equals(buf, at, at + key.length, key, 0, key.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
