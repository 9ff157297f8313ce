package dev.whokilled.rules.oom;

import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomVictim;
import dev.whokilled.rules.oom.OomLine.CgroupCounter;
import dev.whokilled.rules.oom.OomLine.CgroupStatsHeader;
import dev.whokilled.rules.oom.OomLine.GroupKillNotice;
import dev.whokilled.rules.oom.OomLine.KillVerdict;
import dev.whokilled.rules.oom.OomLine.KilledProcess;
import dev.whokilled.rules.oom.OomLine.NoKillableProcess;
import dev.whokilled.rules.oom.OomLine.PagesRam;
import dev.whokilled.rules.oom.OomLine.Reaped;
import dev.whokilled.rules.oom.OomLine.ReportHeader;
import dev.whokilled.rules.oom.OomLine.Summary;
import dev.whokilled.rules.oom.OomLine.TaskInMemcg;
import dev.whokilled.rules.oom.OomLine.TaskTableHeader;
import dev.whokilled.rules.oom.OomLine.TaskTableRow;
import dev.whokilled.rules.oom.OomLine.TotalSwap;
import dev.whokilled.rules.oom.OomLine.TriggerTask;
import dev.whokilled.rules.oom.OomParseOutcome.Ignored;
import dev.whokilled.rules.oom.OomParseOutcome.Malformed;
import dev.whokilled.rules.oom.OomParseOutcome.Parsed;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure parser from one kernel message to an {@link OomParseOutcome}; stateless and thread-safe.
 *
 * <p>Format strings, by kernel generation (mm/oom_kill.c unless said otherwise):
 * <ul>
 *   <li>Kill line. 2.6.36 to 4.5: {@code Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB};
 *       RHEL 6 (2.6.32): {@code Killed process %d, UID %d, (%s) total-vm:…}; RHEL 7 (3.10.0-1160):
 *       {@code Killed process %d (%s), UID %d, total-vm:…, shmem-rss:%lukB}; 4.6 to 4.19 add
 *       {@code , shmem-rss:%lukB}; 5.x prefixes the verdict message ({@code Out of memory: } or
 *       {@code Memory cgroup out of memory: }) and later appends {@code , UID:%u pgtables:%lukB oom_score_adj:%hd}
 *       (6.18 as captured). Some vendor kernels append more ({@code , hugetlb-usage:0kB}): unknown
 *       {@code key:value} fields are tolerated.</li>
 *   <li>Verdict, 2.6.36 to 5.0: {@code %s: Kill process %d (%s) score %u or sacrifice child}.</li>
 *   <li>Summary, 4.19+: {@code oom-kill:constraint=%s,nodemask=%*pbl} then {@code ,cpuset=<name>,mems_allowed=%*pbl}
 *       (kernel/cgroup/cpuset.c), {@code ,oom_memcg=<path>} or {@code ,global_oom} and {@code ,task_memcg=<path>}
 *       (mm/memcontrol.c {@code mem_cgroup_print_oom_context}), then {@code ,task=%s,pid=%d,uid=%d}. Node lists
 *       ({@code %*pbl}: {@code 0-1,3}), cpuset names and cgroup paths may contain commas, so the line is read by its
 *       known keys, not split on commas.</li>
 *   <li>Memory cgroup: {@code Task in %s killed as a result of limit of %s} (≤ 4.19), {@code %s: usage %llukB, limit
 *       %llukB, failcnt %lu}, {@code Memory cgroup stats for %s:} (mm/memcontrol.c), group kill
 *       {@code Tasks in %s are going to be killed due to memory.oom.group set} (4.19+).</li>
 * </ul>
 *
 * <p>A process name ({@code comm}, at most 15 bytes, chosen by the process) may contain spaces, parentheses and
 * text such as {@code ) total-vm:}; the parser therefore anchors the pid on the fixed text before it and the end of
 * the name on the last place where the fixed text after it parses.
 */
public final class OomLineParser {
    /** Longest process name the kernel keeps (TASK_COMM_LEN 16, minus the NUL). */
    static final int COMM_MAX_BYTES = 15;

    private static final String KILLED = "Killed process ";
    private static final String INVOKED = " invoked oom-killer: ";
    private static final String NO_KILLABLE = "Out of memory and no killable processes...";
    private static final String GROUP_SUFFIX = " are going to be killed due to memory.oom.group set";
    private static final String TASK_IN_MIDDLE = " killed as a result of limit of ";

    private static final Pattern GFP = Pattern.compile("gfp_mask=(0x[0-9a-fA-F]+(?:\\([^)]*\\))?)");
    private static final Pattern ORDER = Pattern.compile("(?:^|[ ,])order=(-?\\d+)");
    private static final Pattern SCORE_ADJ = Pattern.compile("oom_sco?r?e_adj=(-?\\d+)");
    private static final Pattern OOM_ADJ = Pattern.compile("(?:oom_adj|oomkilladj)=(-?\\d+)");
    private static final Pattern CPU_LINE = Pattern.compile("^CPU: (\\d+) (?:UID: (\\d+) )?PID: (\\d+) Comm: (.*)$",
            Pattern.DOTALL);
    private static final Pattern PID_LINE = Pattern.compile("^Pid: (\\d+), comm: (.*)$", Pattern.DOTALL);
    private static final Pattern COUNTER = Pattern.compile(
            "^(memory|memory\\+swap|swap|kmem): usage (\\d+)kB, limit (\\d+)kB, failcnt (\\d+)\\s*$");
    private static final Pattern TABLE_HEADER = Pattern.compile("^\\[\\s*pid\\s*\\]\\s+(.*?)\\s*$");
    private static final Pattern TABLE_ROW_START = Pattern.compile("^\\[\\s*(\\d+)\\]");
    private static final Pattern PAGES_RAM = Pattern.compile("^(\\d+) pages RAM$");
    private static final Pattern TOTAL_SWAP = Pattern.compile("^Total swap = (\\d+)kB$");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z_-]+):(-?\\d+)(kB)?");
    private static final Pattern LIST = Pattern.compile("[0-9,\\-]*");

    private OomLineParser() {
    }

    /** Parses a message with no task-table layout known: a table row is then {@link Malformed}. */
    public static OomParseOutcome parse(String message) {
        return parse(message, Optional.empty());
    }

    /**
     * Parses a message; {@code layout} is the layout of the last task-table header seen, used only for rows.
     *
     * @param message the record's text (prefix removed, escapes decoded)
     */
    public static OomParseOutcome parse(String message, Optional<TableLayout> layout) {
        if (message.isEmpty()) {
            return Ignored.INSTANCE;
        }
        char c = message.charAt(0);
        if (c == '[') {
            return parseTable(message, layout);
        }
        if (message.startsWith("oom-kill:")) {
            return parseSummary(message);
        }
        if (message.startsWith("oom_reaper: reaped process ")) {
            return parseReaped(message);
        }
        if (message.startsWith("CPU: ") || message.startsWith("Pid: ")) {
            return parseTrigger(message);
        }
        if (message.startsWith("Task in ") && message.contains(TASK_IN_MIDDLE)) {
            int i = message.indexOf(TASK_IN_MIDDLE);
            return parsed(new TaskInMemcg(message.substring("Task in ".length(), i),
                    message.substring(i + TASK_IN_MIDDLE.length())));
        }
        if (message.startsWith("Tasks in ") && message.endsWith(GROUP_SUFFIX)) {
            return parsed(new GroupKillNotice(message.substring("Tasks in ".length(),
                    message.length() - GROUP_SUFFIX.length())));
        }
        if (message.startsWith("Memory cgroup stats for ")) {
            return parseStatsHeader(message);
        }
        if (message.equals(NO_KILLABLE) || message.endsWith(": " + NO_KILLABLE)) {
            return parsed(new NoKillableProcess());
        }
        if (message.startsWith("memory: usage") || message.startsWith("memory+swap: usage")
                || message.startsWith("swap: usage") || message.startsWith("kmem: usage")) {
            return parseCounter(message);
        }
        // The header before the kill line: " invoked oom-killer: " (21 bytes) cannot hide in a 15-byte comm, while
        // a comm such as "Killed process 1" can start a header line.
        int invoked = message.indexOf(INVOKED);
        if (invoked > 0) {
            return parseHeader(message, invoked);
        }
        int killed = message.indexOf(KILLED);
        if (killed >= 0 && (killed == 0 || message.startsWith(": ", killed - 2))) {
            return parseKilled(message, killed);
        }
        if (message.endsWith(" or sacrifice child")) {
            return parseVerdict(message);
        }
        if (Character.isDigit(c) && message.endsWith(" pages RAM")) {
            Matcher m = PAGES_RAM.matcher(message);
            OptionalLong n = m.matches() ? number(m.group(1)) : OptionalLong.empty();
            return n.isPresent() ? parsed(new PagesRam(n.getAsLong())) : malformed(message, "pages RAM count does not parse");
        }
        if (message.startsWith("Total swap = ")) {
            Matcher m = TOTAL_SWAP.matcher(message);
            OptionalLong n = m.matches() ? number(m.group(1)) : OptionalLong.empty();
            return n.isPresent() ? parsed(new TotalSwap(n.getAsLong())) : malformed(message, "Total swap does not parse");
        }
        return Ignored.INSTANCE;
    }

    private static OomParseOutcome parseHeader(String message, int invoked) {
        String comm = message.substring(0, invoked);
        String rest = message.substring(invoked + INVOKED.length());
        Matcher gfp = GFP.matcher(rest);
        if (!gfp.find()) {
            return malformed(message, "oom-killer header without gfp_mask");
        }
        Matcher order = ORDER.matcher(rest);
        Matcher scoreAdj = SCORE_ADJ.matcher(rest);
        Matcher oomAdj = OOM_ADJ.matcher(rest);
        return parsed(new ReportHeader(comm, gfp.group(1),
                order.find() ? smallInt(order.group(1)) : OptionalInt.empty(),
                scoreAdj.find() ? smallInt(scoreAdj.group(1)) : OptionalInt.empty(),
                oomAdj.find() ? smallInt(oomAdj.group(1)) : OptionalInt.empty()));
    }

    private static OomParseOutcome parseTrigger(String message) {
        Matcher m = CPU_LINE.matcher(message);
        if (m.matches()) {
            OptionalInt cpu = smallInt(m.group(1));
            OptionalLong uid = m.group(2) == null ? OptionalLong.empty() : number(m.group(2));
            OptionalInt pid = smallInt(m.group(3));
            if (cpu.isEmpty() || pid.isEmpty() || pid.getAsInt() <= 0 || (m.group(2) != null && uid.isEmpty())) {
                return malformed(message, "CPU/PID line with numbers out of range");
            }
            return parsed(new TriggerTask(cpu, uid, pid.getAsInt(), m.group(4)));
        }
        m = PID_LINE.matcher(message);
        if (m.matches()) {
            OptionalInt pid = smallInt(m.group(1));
            if (pid.isEmpty() || pid.getAsInt() <= 0) {
                return malformed(message, "Pid line with a pid out of range");
            }
            return parsed(new TriggerTask(OptionalInt.empty(), OptionalLong.empty(), pid.getAsInt(), m.group(2)));
        }
        // "CPU: 0 PID: …" lines of other shapes (and "CPU: 1: hi: 0" per-cpu pageset lines of 3.x show_mem) are not ours.
        return Ignored.INSTANCE;
    }

    private static OomParseOutcome parseCounter(String message) {
        Matcher m = COUNTER.matcher(message);
        if (!m.matches()) {
            return malformed(message, "memory cgroup counter line does not parse");
        }
        OptionalLong usage = number(m.group(2));
        OptionalLong limit = number(m.group(3));
        OptionalLong failcnt = number(m.group(4));
        if (usage.isEmpty() || limit.isEmpty() || failcnt.isEmpty()) {
            return malformed(message, "memory cgroup counter out of range");
        }
        return parsed(new CgroupCounter(new MemoryUsage(m.group(1), usage.getAsLong(), limit.getAsLong(), failcnt)));
    }

    private static OomParseOutcome parseStatsHeader(String message) {
        String rest = message.substring("Memory cgroup stats for ".length());
        // 5.x+: the line ends with the colon; 3.x/4.x print the stats on the same line after ": ".
        if (rest.endsWith(":")) {
            return parsed(new CgroupStatsHeader(rest.substring(0, rest.length() - 1)));
        }
        int i = rest.indexOf(": ");
        return i > 0 ? parsed(new CgroupStatsHeader(rest.substring(0, i)))
                : malformed(message, "Memory cgroup stats line without a colon after the path");
    }

    private static OomParseOutcome parseTable(String message, Optional<TableLayout> layout) {
        Matcher h = TABLE_HEADER.matcher(message);
        if (h.matches()) {
            List<String> columns = Arrays.asList(h.group(1).split("\\s+"));
            if (!"name".equals(columns.get(columns.size() - 1))) {
                return malformed(message, "task-table header does not end with name");
            }
            return parsed(new TaskTableHeader(new TableLayout(columns)));
        }
        Matcher r = TABLE_ROW_START.matcher(message);
        if (!r.find()) {
            return Ignored.INSTANCE;
        }
        if (layout.isEmpty()) {
            return malformed(message, "task-table row before any table header: layout unknown");
        }
        return parseRow(message, r, layout.get());
    }

    private static OomParseOutcome parseRow(String message, Matcher start, TableLayout layout) {
        OptionalInt pid = smallInt(start.group(1));
        if (pid.isEmpty() || pid.getAsInt() <= 0) {
            return malformed(message, "task-table row with a pid out of range");
        }
        int n = layout.numericColumns();
        long[] values = new long[n];
        int pos = start.end();
        for (int i = 0; i < n; i++) {
            int spaces = pos;
            while (pos < message.length() && message.charAt(pos) == ' ') {
                pos++;
            }
            if (pos == spaces) {
                return malformed(message, "task-table row: no space before column " + layout.columns().get(i));
            }
            int begin = pos;
            if (pos < message.length() && message.charAt(pos) == '-') {
                pos++;
            }
            while (pos < message.length() && Character.isDigit(message.charAt(pos)) && pos - begin < 20) {
                pos++;
            }
            OptionalLong v = begin == pos ? OptionalLong.empty() : signedNumber(message.substring(begin, pos));
            if (v.isEmpty() || (pos < message.length() && message.charAt(pos) != ' ')) {
                return malformed(message, "task-table row: column " + layout.columns().get(i) + " is not a number");
            }
            values[i] = v.getAsLong();
        }
        String name;
        if (pos == message.length()) {
            name = "";
        } else {
            name = message.substring(pos + 1);
        }
        int totalVm = layout.indexOf("total_vm");
        int rss = layout.indexOf("rss");
        int adj = layout.indexOf("oom_score_adj");
        if (totalVm < 0 || rss < 0 || adj < 0) {
            return malformed(message, "task-table layout lacks total_vm, rss or oom_score_adj: " + layout.columns());
        }
        long adjValue = values[adj];
        if (adjValue < -1000 || adjValue > 1000) {
            return malformed(message, "oom_score_adj outside -1000..1000: " + adjValue);
        }
        int swap = layout.indexOf("swapents");
        // nr_ptes (and nr_pmds, 4.1 to 4.14) count page-table pages; 4.15+ prints bytes. Converted with the
        // 4 KiB page size of x86_64, the only size the badness model below assumes anyway.
        OptionalLong pgtables = column(layout, values, "pgtables_bytes");
        if (pgtables.isEmpty() && layout.indexOf("nr_ptes") >= 0) {
            long pages = values[layout.indexOf("nr_ptes")]
                    + (layout.indexOf("nr_pmds") >= 0 ? values[layout.indexOf("nr_pmds")] : 0);
            pgtables = OptionalLong.of(pages * VictimRanking.PAGE_SIZE);
        }
        return parsed(new TaskTableRow(new OomCandidate(pid.getAsInt(), column(layout, values, "uid"),
                column(layout, values, "tgid"), values[totalVm], values[rss], column(layout, values, "rss_anon"),
                column(layout, values, "rss_file"), column(layout, values, "rss_shmem"), pgtables,
                // 2.6.32 tables print no swapents; OomCandidate has no way to say "not printed" (see package doc).
                swap >= 0 ? values[swap] : 0, (int) adjValue, name)));
    }

    private static OptionalLong column(TableLayout layout, long[] values, String name) {
        int i = layout.indexOf(name);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(values[i]);
    }

    private static OomParseOutcome parseSummary(String message) {
        String s = message.substring("oom-kill:".length());
        if (!s.startsWith("constraint=")) {
            return malformed(message, "oom-kill summary without constraint=");
        }
        int tailPid = s.lastIndexOf(",pid=");
        if (tailPid < 0) {
            return malformed(message, "oom-kill summary without ,pid=");
        }
        int uidAt = s.indexOf(",uid=", tailPid);
        if (uidAt < 0) {
            return malformed(message, "oom-kill summary without ,uid=");
        }
        OptionalInt pid = smallInt(s.substring(tailPid + 5, uidAt));
        OptionalLong uid = signedNumber(s.substring(uidAt + 5).strip());
        if (pid.isEmpty() || pid.getAsInt() <= 0 || uid.isEmpty()) {
            return malformed(message, "oom-kill summary with a pid or uid that does not parse");
        }
        // task=<comm>: the comm is at most 15 bytes, so take the leftmost ",task=" that leaves a comm that short;
        // a cgroup path before it may itself contain ",task=".
        int taskAt = -1;
        for (int i = s.indexOf(",task="); i >= 0 && i < tailPid; i = s.indexOf(",task=", i + 1)) {
            if (OomLine.utf8Length(s.substring(i + 6, tailPid)) <= COMM_MAX_BYTES) {
                taskAt = i;
                break;
            }
        }
        if (taskAt < 0) {
            return malformed(message, "oom-kill summary without a task= of at most 15 bytes");
        }
        String task = s.substring(taskAt + 6, tailPid);
        String head = s.substring(0, taskAt);
        int nodemaskAt = head.indexOf(",nodemask=");
        if (nodemaskAt < 0) {
            return malformed(message, "oom-kill summary without nodemask=");
        }
        String constraintName = head.substring("constraint=".length(), nodemaskAt);
        int pos = nodemaskAt + ",nodemask=".length();
        String nodemask;
        if (head.startsWith("(null)", pos)) {
            nodemask = "(null)";
            pos += 6;
        } else {
            int end = listEnd(head, pos);
            nodemask = head.substring(pos, end);
            pos = end;
        }
        Optional<String> cpuset = Optional.empty();
        Optional<String> mems = Optional.empty();
        if (head.startsWith(",cpuset=", pos)) {
            int memsAt = head.indexOf(",mems_allowed=", pos);
            if (memsAt < 0) {
                return malformed(message, "oom-kill summary with cpuset= but no mems_allowed=");
            }
            cpuset = Optional.of(head.substring(pos + ",cpuset=".length(), memsAt));
            pos = memsAt + ",mems_allowed=".length();
            int end = listEnd(head, pos);
            mems = Optional.of(head.substring(pos, end));
            pos = end;
        }
        boolean global = false;
        Optional<String> oomMemcg = Optional.empty();
        Optional<String> taskMemcg = Optional.empty();
        if (head.startsWith(",global_oom", pos)) {
            global = true;
            pos += ",global_oom".length();
        } else if (head.startsWith(",oom_memcg=", pos)) {
            int from = pos + ",oom_memcg=".length();
            int split = memcgSplit(head, from);
            if (split < 0) {
                oomMemcg = Optional.of(head.substring(from));
                pos = head.length();
            } else {
                oomMemcg = Optional.of(head.substring(from, split));
                pos = split;
            }
        }
        if (head.startsWith(",task_memcg=", pos)) {
            taskMemcg = Optional.of(head.substring(pos + ",task_memcg=".length()));
            pos = head.length();
        }
        if (pos != head.length()) {
            return malformed(message, "oom-kill summary with unexpected text: " + abbreviate(head.substring(pos)));
        }
        return parsed(new Summary(OomConstraint.fromKernelName(constraintName), constraintName, nodemask, cpuset, mems,
                global, oomMemcg, taskMemcg, task, pid.getAsInt(), uid.getAsLong()));
    }

    /** Where oom_memcg's path ends: the ",task_memcg=" whose path lies under it (the victim is in the OOM cgroup's subtree). */
    private static int memcgSplit(String head, int from) {
        int first = head.indexOf(",task_memcg=", from);
        for (int i = first; i >= 0; i = head.indexOf(",task_memcg=", i + 1)) {
            String oom = head.substring(from, i);
            String task = head.substring(i + ",task_memcg=".length());
            if (task.startsWith(oom)) {
                return i;
            }
        }
        return first;
    }

    /** End of a %*pbl node list ("0-1,3") starting at pos; a trailing comma belongs to the next key. */
    private static int listEnd(String s, int pos) {
        Matcher m = LIST.matcher(s).region(pos, s.length());
        int end = m.lookingAt() ? m.end() : pos;
        while (end > pos && s.charAt(end - 1) == ',') {
            end--;
        }
        return end;
    }

    private static OomParseOutcome parseKilled(String message, int killed) {
        Optional<String> prefix = killed == 0 ? Optional.empty() : Optional.of(message.substring(0, killed - 2));
        int pos = killed + KILLED.length();
        int digits = pos;
        while (digits < message.length() && digits - pos < 11 && Character.isDigit(message.charAt(digits))) {
            digits++;
        }
        OptionalInt pid = digits == pos ? OptionalInt.empty() : smallInt(message.substring(pos, digits));
        if (pid.isEmpty() || pid.getAsInt() <= 0) {
            return malformed(message, "Killed process without a valid pid: " + abbreviate(message.substring(pos)));
        }
        OptionalLong uid = OptionalLong.empty();
        int commStart;
        if (message.startsWith(", UID ", digits)) {
            // RHEL 6 (2.6.32): "Killed process 2592, UID 48, (httpd) total-vm:…"
            int end = message.indexOf(", (", digits);
            if (end < 0) {
                return malformed(message, "Killed process with UID but no (comm)");
            }
            uid = number(message.substring(digits + ", UID ".length(), end));
            if (uid.isEmpty()) {
                return malformed(message, "Killed process with a UID that does not parse");
            }
            commStart = end + 3;
        } else if (message.startsWith(" (", digits)) {
            commStart = digits + 2;
        } else {
            return malformed(message, "Killed process " + pid.getAsInt() + " not followed by (comm)");
        }
        // The comm ends at the last ")" after which the fixed text parses; a comm containing ") total-vm:" is to
        // the left of the real one, so searching from the right finds the kernel's own.
        for (int close = message.lastIndexOf(')'); close >= commStart; close = message.lastIndexOf(')', close - 1)) {
            int tail = close + 1;
            OptionalLong rhel7Uid = OptionalLong.empty();
            if (message.startsWith(", UID ", tail)) {
                // RHEL 7 (3.10): "Killed process 21945 (tidb-server), UID 1000, total-vm:…"
                int end = message.indexOf(",", tail + ", UID ".length());
                if (end < 0) {
                    continue;
                }
                rhel7Uid = number(message.substring(tail + ", UID ".length(), end));
                if (rhel7Uid.isEmpty()) {
                    continue;
                }
                tail = end + 1;
            }
            if (message.startsWith(" total-vm:", tail) || message.startsWith(" vsz:", tail)) {
                String comm = message.substring(commStart, close);
                return parseKillFields(message, message.substring(tail + 1), prefix, pid.getAsInt(), comm,
                        uid.isPresent() ? uid : rhel7Uid);
            }
        }
        return malformed(message, "Killed process " + pid.getAsInt() + " without the (comm) total-vm: part");
    }

    private static OomParseOutcome parseKillFields(String message, String fields, Optional<String> prefix, int pid,
                                                   String comm, OptionalLong uidBefore) {
        OptionalLong totalVm = OptionalLong.empty();
        OptionalLong anon = OptionalLong.empty();
        OptionalLong file = OptionalLong.empty();
        OptionalLong shmem = OptionalLong.empty();
        OptionalLong pgtables = OptionalLong.empty();
        OptionalLong uid = uidBefore;
        OptionalInt adj = OptionalInt.empty();
        for (String token : fields.strip().split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            Matcher m = FIELD.matcher(token);
            if (!m.matches()) {
                return malformed(message, "Killed process " + pid + ": field does not parse: " + abbreviate(token));
            }
            OptionalLong v = signedNumber(m.group(2));
            if (v.isEmpty()) {
                return malformed(message, "Killed process " + pid + ": number out of range: " + abbreviate(token));
            }
            switch (m.group(1)) {
                case "total-vm", "vsz" -> totalVm = v;
                case "anon-rss" -> anon = v;
                case "file-rss" -> file = v;
                case "shmem-rss" -> shmem = v;
                case "pgtables" -> pgtables = v;
                case "UID" -> uid = v;
                case "oom_score_adj" -> {
                    if (v.getAsLong() < -1000 || v.getAsLong() > 1000) {
                        return malformed(message, "Killed process " + pid + ": oom_score_adj outside -1000..1000");
                    }
                    adj = OptionalInt.of((int) v.getAsLong());
                }
                default -> {
                    // a field this code does not know (vendor kernels add e.g. hugetlb-usage): tolerated
                }
            }
        }
        if (totalVm.isEmpty() || anon.isEmpty() || file.isEmpty()) {
            return malformed(message, "Killed process " + pid + ": total-vm, anon-rss or file-rss missing");
        }
        return parsed(new KilledProcess(prefix, new OomVictim(pid, comm, uid, totalVm, anon, file, shmem, pgtables, adj,
                OptionalLong.empty())));
    }

    private static OomParseOutcome parseVerdict(String message) {
        int at = message.indexOf(": Kill process ");
        if (at < 0) {
            return Ignored.INSTANCE;
        }
        int pos = at + ": Kill process ".length();
        int open = message.indexOf(" (", pos);
        int close = message.lastIndexOf(") score ");
        if (open < 0 || close < open) {
            return malformed(message, "Kill process line without (comm) score");
        }
        OptionalInt pid = smallInt(message.substring(pos, open));
        String scoreText = message.substring(close + ") score ".length(), message.length() - " or sacrifice child".length());
        OptionalLong score = number(scoreText);
        if (pid.isEmpty() || pid.getAsInt() <= 0 || score.isEmpty()) {
            return malformed(message, "Kill process line with a pid or score that does not parse");
        }
        return parsed(new KillVerdict(message.substring(0, at), pid.getAsInt(), message.substring(open + 2, close),
                score.getAsLong()));
    }

    private static OomParseOutcome parseReaped(String message) {
        int pos = "oom_reaper: reaped process ".length();
        int open = message.indexOf(" (", pos);
        int close = message.lastIndexOf("), now ");
        if (open < 0 || close < open) {
            return malformed(message, "oom_reaper line without (comm), now");
        }
        OptionalInt pid = smallInt(message.substring(pos, open));
        if (pid.isEmpty() || pid.getAsInt() <= 0) {
            return malformed(message, "oom_reaper line with a pid that does not parse");
        }
        return parsed(new Reaped(pid.getAsInt(), message.substring(open + 2, close)));
    }

    private static OptionalInt smallInt(String text) {
        OptionalLong v = signedNumber(text);
        return v.isPresent() && v.getAsLong() >= Integer.MIN_VALUE && v.getAsLong() <= Integer.MAX_VALUE
                ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** A non-negative decimal, or empty when it is not one or does not fit a long. */
    private static OptionalLong number(String text) {
        if (text.isEmpty() || text.length() > 19 || text.charAt(0) == '-' || text.charAt(0) == '+') {
            return OptionalLong.empty();
        }
        return signedNumber(text);
    }

    private static OptionalLong signedNumber(String text) {
        if (text.isEmpty() || text.length() > 20 || text.charAt(0) == '+') {
            return OptionalLong.empty();
        }
        for (int i = text.charAt(0) == '-' ? 1 : 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    private static Parsed parsed(OomLine line) {
        return new Parsed(line);
    }

    private static Malformed malformed(String message, String reason) {
        return new Malformed(message, reason);
    }
}
