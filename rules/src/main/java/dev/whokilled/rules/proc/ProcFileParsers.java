package dev.whokilled.rules.proc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Pure parsers for the {@code /proc/PID} files that name a process: {@code stat}, {@code status}, {@code cmdline},
 * {@code cgroup}. Stateless and thread-safe; no I/O (the agent reads the files, see proc(5)).
 */
public final class ProcFileParsers {
    /**
     * Appended to a command line cut at its bound, so a reader never takes a truncated command line for the whole.
     * A bracketed ASCII ellipsis because a real argument rarely ends a command line with it.
     */
    public static final String TRUNCATED_MARK = " [...]";

    /** The default bound for a joined command line, in bytes of the raw file; {@code ARG_MAX} is far larger. */
    public static final int DEFAULT_CMDLINE_LIMIT = 4096;

    /** Fields after the comm: state is field 3, ppid 4, starttime 22; so field N is token N-3 after the ')'. */
    private static final int STATE = 0;
    private static final int PPID = 1;
    private static final int STARTTIME = 19;

    private ProcFileParsers() {
    }

    /**
     * Parses a {@code /proc/PID/stat} line. The comm sits in parentheses and may itself hold {@code ") ("} and
     * spaces (a process names itself with prctl(PR_SET_NAME)), so the comm ends at the <em>last</em> {@code ')'}: the
     * kernel prints no parenthesis after it.
     */
    public static StatOutcome parseStat(String content) {
        String line = content.strip();
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open <= 0) {
            return new StatOutcome.Malformed(content, "no ' (' after the pid");
        }
        if (close < open + 1) {
            return new StatOutcome.Malformed(content, "no ')' closing the comm");
        }
        OptionalLong pid = number(line.substring(0, open));
        if (pid.isEmpty() || pid.getAsLong() <= 0 || pid.getAsLong() > Integer.MAX_VALUE) {
            return new StatOutcome.Malformed(content, "pid is not a positive number: " + line.substring(0, open));
        }
        String comm = line.substring(open + 2, close);
        String[] rest = line.substring(close + 1).strip().split(" ");
        if (rest.length <= STARTTIME) {
            return new StatOutcome.Malformed(content,
                    "only " + rest.length + " fields after the comm, starttime (field 22) missing");
        }
        if (rest[STATE].length() != 1) {
            return new StatOutcome.Malformed(content, "state is not one letter: " + rest[STATE]);
        }
        OptionalLong ppid = number(rest[PPID]);
        if (ppid.isEmpty() || ppid.getAsLong() > Integer.MAX_VALUE) {
            return new StatOutcome.Malformed(content, "ppid (field 4) is not a number: " + rest[PPID]);
        }
        OptionalLong start = number(rest[STARTTIME]);
        if (start.isEmpty()) {
            return new StatOutcome.Malformed(content, "starttime (field 22) is not a number: " + rest[STARTTIME]);
        }
        return new StatOutcome.Parsed(new ProcStat((int) pid.getAsLong(), comm, rest[STATE].charAt(0),
                (int) ppid.getAsLong(), start.getAsLong()));
    }

    /**
     * The real uid: the first number of the {@code Uid:} line of {@code /proc/PID/status} (real, effective, saved,
     * filesystem). Empty when there is no such line or it does not start with a number: an unknown uid, not uid 0.
     */
    public static OptionalLong realUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).strip().split("\\s+");
                return number(ids[0]);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Joins a {@code /proc/PID/cmdline} into one line: arguments are NUL-terminated, so interior NULs become spaces
     * and trailing NULs go. Empty for a kernel thread or a zombie. Bytes are decoded as UTF-8, invalid sequences
     * replaced, never rejected. Content longer than {@code limit} bytes is cut there and ends with
     * {@link #TRUNCATED_MARK}; the caller reads at most {@code limit + 1} bytes, enough to tell.
     */
    public static String joinCmdline(byte[] raw, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        boolean truncated = raw.length > limit;
        byte[] bytes = Arrays.copyOf(raw, Math.min(raw.length, limit));
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                bytes[i] = ' ';
            }
        }
        String joined = new String(bytes, 0, end, StandardCharsets.UTF_8);
        return truncated ? joined + TRUNCATED_MARK : joined;
    }

    /**
     * The cgroup path that says where a process's memory is accounted, from {@code /proc/PID/cgroup}
     * ({@code hierarchy-id:controllers:path} lines): the v1 {@code memory} controller's line when there is one, else
     * the v2 {@code 0::} line.
     *
     * <p>The memory line comes first because on a hybrid host (systemd's v1 layout with a {@code unified} v2 mount,
     * as on the 6.18 machines this project runs on) the {@code 0::} line exists but says {@code /} while the memory
     * line names the real group, the one a memcg OOM report prints. On a pure v2 host there is only the
     * {@code 0::} line. Empty when neither is there (a kernel without cgroups, an unreadable file).
     */
    public static Optional<String> cgroupPath(String content) {
        Optional<String> unified = Optional.empty();
        for (String line : content.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (Arrays.asList(controllers.split(",")).contains("memory")) {
                return Optional.of(path);
            }
            if (controllers.isEmpty() && line.substring(0, first).equals("0")) {
                unified = Optional.of(path);
            }
        }
        return unified;
    }

    private static OptionalLong number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(text));
    }
}
