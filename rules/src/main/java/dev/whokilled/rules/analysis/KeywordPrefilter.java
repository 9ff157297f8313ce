package dev.whokilled.rules.analysis;

import dev.whokilled.rules.reader.LinePrefilter;
import java.nio.charset.StandardCharsets;
import dev.whokilled.rules.fault.X86Trap;
import java.util.ArrayList;
import java.util.List;

/**
 * Skips kernel-log lines that no parser can use, on their raw bytes, before they are decoded.
 * Most of a kernel log (firewall, network, storage chatter) is such lines; decoding and parsing
 * them would dominate the cost of {@code analyze}. Confined to the reading thread (it keeps the
 * state of an open OOM report).
 *
 * <p>A line is kept when it contains one of {@link #KEYWORDS}, literal parts of every format the
 * parsers recognise; between an OOM report's header ({@code invoked oom-killer}) and its
 * {@code Killed process} line every line is kept, since the task table and the memory lines
 * carry no keyword. {@code KeywordPrefilterTest} checks that analysis with and without this
 * filter agrees on every fixture.
 *
 * <p>The search ({@link KeywordSearch}) skips most bytes unread, and {@link #skipTo} runs it over
 * whole buffers rather than line by line, which is what lets a whole-file {@code analyze} keep up
 * with grep.
 */
public final class KeywordPrefilter implements LinePrefilter {
    /** Lines kept after a report header before giving up on its kill line (a global report's Mem-Info and table are long). */
    private static final int MAX_REPORT_LINES = 20_000;

    /**
     * Literal parts of every line a parser uses, each at least 11 bytes: the search skips up to the
     * shortest keyword's length less two, so long keywords make it fast. Where the natural word is
     * short ("Task in", "trap"), the keyword is the longer fixed text around it in the same format
     * string.
     */
    static final List<String> KEYWORDS = keywords();

    private static List<String> keywords() {
        List<String> k = new ArrayList<>(List.of(
                // OOM killer (mm/oom_kill.c, mm/memcontrol.c), every generation
                "invoked oom-killer", "oom-kill:constraint", "oom_reaper: reaped", "ut of memory", "Killed process",
                "Kill process", " killed as a result of limit", "going to be killed due to",
                // faults (arch/x86/mm/fault.c, arch/x86/kernel/traps.c, kernel/signal.c, kernel/auditsc.c)
                "]: segfault at ", "] general protection", "fatal signal", "type=1701 audit(",
                // systemd unit messages (src/core/service.c, unit.c)
                "process exited", " timed out. ", "Killing process", "Failed with result", "killed by the OOM killer",
                "Received SIG", "systemd-oomd killed ",
                // userspace OOM killers: earlyoom, systemd-oomd
                "sending SIG", "due to memory pressure", "due to swap used"));
        // "comm[pid] trap NAME ip:…": one keyword per trap name the fault parser knows
        for (X86Trap trap : X86Trap.values()) {
            k.add("] trap " + trap.kernelName());
        }
        return List.copyOf(k);
    }

    private static final KeywordSearch SEARCH = new KeywordSearch(KEYWORDS);

    /**
     * Inside an open report, the lines the OOM parser reads (rules.oom.OomLineParser): trigger
     * (" Comm: " / ", comm: "), cgroup counters (": usage "), stats header, task-in and group
     * notices, table header ("total_vm"), summary, verdicts, kill and reaper lines, Mem-Info totals.
     * Table rows are recognised by shape ({@link #isTableRow}). Call traces, registers and the
     * memory statistics, most of a report, are skipped.
     */
    static final List<String> REPORT_KEYWORDS = List.of(
            " Comm: ", ", comm: ", ": usage ", "Memory cgroup stats for ", "Task in ", "Tasks in ", "total_vm",
            "oom-kill:", "oom_reaper", "no killable", "invoked oom-killer", "Killed process", "Kill process",
            " or sacrifice child", " pages RAM", "Total swap = ");

    private static final KeywordSearch REPORT_SEARCH = new KeywordSearch(REPORT_KEYWORDS);

    private static final byte[] REPORT_START = bytes("invoked oom-killer");
    /**
     * The kill line ends a report: "Killed process " and a digit. A comm (15 bytes at most) can spell
     * "Killed process " but can never be followed by a digit in the header, CPU line or table, so a
     * hostile name cannot close the report early.
     */
    private static final byte[] REPORT_END = bytes("Killed process ");

    private static final KeywordSearch KILL_SEARCH = new KeywordSearch(List.of(new String(REPORT_END, StandardCharsets.US_ASCII)));

    private int reportLinesLeft;

    private KeywordPrefilter() {
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
            if (end >= 0 && end + REPORT_END.length < to && isDigit(buf[end + REPORT_END.length])) {
                reportLinesLeft = 0;
            }
            return REPORT_SEARCH.contains(buf, from, to) || isTableRow(buf, from, to) || SEARCH.contains(buf, from, to);
        }
        if (!SEARCH.contains(buf, from, to)) {
            return false;
        }
        if (indexOf(buf, from, to, REPORT_START) >= 0) {
            reportLinesLeft = MAX_REPORT_LINES;
        }
        return true;
    }

    /** Outside a report, the first keyword in the range, found by {@link KeywordSearch#indexOf}; inside one, every line. */
    @Override
    public int skipTo(byte[] buf, int from, int to) {
        if (reportLinesLeft > 0) {
            return from;
        }
        int hit = SEARCH.indexOf(buf, from, to);
        return hit < 0 ? to : hit;
    }

    /** At rest outside an OOM report: inside one, the next lines are kept by report state. */
    @Override
    public boolean atRest() {
        return reportLinesLeft == 0;
    }

    /**
     * Just after the first kill line ({@link #REPORT_END} and a digit) that holds no report header:
     * inside a report such a line closes it, outside one it opens none, so every filter is at rest
     * after it.
     */
    @Override
    public int restartPoint(byte[] buf, int from, int to) {
        int at = from;
        while (true) {
            int kill = KILL_SEARCH.indexOf(buf, at, to);
            if (kill < 0) {
                return -1;
            }
            int digit = kill + REPORT_END.length;
            int lineStart = kill;
            while (lineStart > from && buf[lineStart - 1] != '\n') {
                lineStart--;
            }
            int lineEnd = digit;
            while (lineEnd < to && buf[lineEnd] != '\n') {
                lineEnd++;
            }
            if (lineEnd == to) {
                return -1;
            }
            if (isDigit(buf[digit]) && indexOf(buf, lineStart, lineEnd, REPORT_START) < 0) {
                return lineEnd + 1;
            }
            at = lineEnd + 1;
        }
    }

    /**
     * A task-table row: {@code [} then optional spaces, digits and {@code ]} with no dot, which tells
     * it from a dmesg stamp ({@code [   83.671555]}).
     */
    static boolean isTableRow(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != '[') {
                continue;
            }
            int j = i + 1;
            while (j < to && buf[j] == ' ') {
                j++;
            }
            int digits = j;
            while (j < to && isDigit(buf[j])) {
                j++;
            }
            if (j > digits && j < to && buf[j] == ']') {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(byte[] buf, int at, int to, byte[] k) {
        if (at + k.length > to) {
            return false;
        }
        for (int j = 0; j < k.length; j++) {
            if (buf[at + j] != k[j]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] buf, int from, int to, byte[] k) {
        byte first = k[0];
        for (int i = from; i + k.length <= to; i++) {
            if (buf[i] == first && matchesAt(buf, i, to, k)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
