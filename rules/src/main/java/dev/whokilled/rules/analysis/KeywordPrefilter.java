package dev.whokilled.rules.analysis;

import dev.whokilled.rules.reader.LinePrefilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Skips kernel-log lines that no parser can use, on their raw bytes, before they are decoded.
 * Most of a kernel log (firewall, network, storage chatter) is such lines; decoding and parsing
 * them would dominate the cost of {@code analyze}. Confined to the reading thread (it keeps the
 * state of an open OOM report).
 *
 * <p>A line is kept when it contains one of {@link #KEYWORDS}, which are literal parts of every
 * format the parsers recognise; between an OOM report's header ({@code invoked oom-killer}) and
 * its {@code Killed process} line every line is kept, since the task table and the memory lines
 * carry no keyword. {@code KeywordPrefilterTest} checks that analysis with and without this
 * filter agrees on every fixture.
 */
public final class KeywordPrefilter implements LinePrefilter {
    /** Lines kept after a report header before giving up on its kill line (a global report's Mem-Info and table are long). */
    private static final int MAX_REPORT_LINES = 20_000;

    static final List<String> KEYWORDS = List.of(
            // OOM killer (mm/oom_kill.c, mm/memcontrol.c), every generation
            "oom-kill", "oom_reaper", "ut of memory", "Killed process", "Kill process", "Task in ", "Tasks in ",
            "oom.group",
            // faults (arch/x86/mm/fault.c, arch/x86/kernel/traps.c, kernel/signal.c, audit)
            "segfault at", "general protection", "trap ", "traps:", "fatal signal", "ANOM_ABEND", "type=1701",
            "unhandled",
            // systemd unit messages (src/core/service.c, unit.c)
            "process exited", "timed out", "Killing process", "Failed with result", "OOM killer", "Received SIG",
            // userspace OOM killers: earlyoom, systemd-oomd, nohang
            "sending SIG", "memory pressure", "swap used", "Killed /", "corrective action", "earlyoom", "nohang");

    private static final byte[] REPORT_START = bytes("invoked oom-killer");
    /**
     * The kill line ends a report: "Killed process " and a digit. A comm (15 bytes at most) can spell
     * "Killed process " but can never be followed by a digit in the header, CPU line or table, so a
     * hostile name cannot close the report early.
     */
    private static final byte[] REPORT_END = bytes("Killed process ");

    /** Keywords indexed by their first two bytes, so each byte of a line costs one table lookup. */
    private final byte[][][] byPair = new byte[1 << 16][][];
    private int reportLinesLeft;

    private KeywordPrefilter() {
        List<List<byte[]>> lists = new ArrayList<>();
        for (int i = 0; i < 1 << 16; i++) {
            lists.add(null);
        }
        for (String k : KEYWORDS) {
            byte[] kb = bytes(k);
            int pair = ((kb[0] & 0xff) << 8) | (kb[1] & 0xff);
            if (lists.get(pair) == null) {
                lists.set(pair, new ArrayList<>());
            }
            lists.get(pair).add(kb);
        }
        for (int i = 0; i < 1 << 16; i++) {
            if (lists.get(i) != null) {
                byPair[i] = lists.get(i).toArray(new byte[0][]);
            }
        }
    }

    /** A fresh filter for one input (it tracks report state). */
    public static KeywordPrefilter create() {
        return new KeywordPrefilter();
    }

    @Override
    public boolean keep(byte[] buf, int from, int to) {
        if (reportLinesLeft > 0) {
            reportLinesLeft--;
            int end = indexOf(buf, from, to, REPORT_END);
            if (end >= 0 && end + REPORT_END.length < to && Character.isDigit(buf[end + REPORT_END.length])) {
                reportLinesLeft = 0;
            }
            return true;
        }
        if (!containsKeyword(buf, from, to)) {
            return false;
        }
        if (indexOf(buf, from, to, REPORT_START) >= 0) {
            reportLinesLeft = MAX_REPORT_LINES;
        }
        return true;
    }

    private boolean containsKeyword(byte[] buf, int from, int to) {
        if (to - from < 2) {
            return false;
        }
        int pair = buf[from] & 0xff;
        for (int i = from + 1; i < to; i++) {
            pair = ((pair << 8) | (buf[i] & 0xff)) & 0xffff;
            byte[][] candidates = byPair[pair];
            if (candidates != null) {
                for (byte[] k : candidates) {
                    if (matchesAt(buf, i - 1, to, k)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean matchesAt(byte[] buf, int at, int to, byte[] k) {
        if (at + k.length > to) {
            return false;
        }
        for (int j = 2; j < k.length; j++) {
            if (buf[at + j] != k[j]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] buf, int from, int to, byte[] k) {
        outer:
        for (int i = from; i + k.length <= to; i++) {
            for (int j = 0; j < k.length; j++) {
                if (buf[i + j] != k[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
