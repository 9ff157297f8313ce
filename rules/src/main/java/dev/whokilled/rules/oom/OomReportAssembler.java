package dev.whokilled.rules.oom;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.OomNoVictim;
import dev.whokilled.rules.evidence.OomTrigger;
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
import dev.whokilled.rules.oom.OomParseOutcome.Parsed;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Streaming assembler from kernel records to OOM evidence ({@link OomKill}, {@link OomNoVictim}); not thread-safe
 * (one instance per input stream, fed from one thread).
 *
 * <p>A kill is keyed on its {@code Killed process} line. The kernel prints the rest of the report (header, stack,
 * memory dump, task table, summary) from {@code dump_header()}, which {@code oom_kill_process()} guards with
 * {@code __ratelimit(&oom_rs)} (default burst 10 per 5 s), so in an OOM storm a {@code Killed process} line often
 * stands alone: it still yields an {@link OomKill}, whose {@link OomKill#missing()} names what was not seen.
 *
 * <p>Rules, in the order they matter:
 * <ul>
 *   <li>Records of {@link Origin#USERSPACE} are ignored entirely: any root process can write a fake report into the
 *       kernel log, and the kernel marks such lines with a userspace facility.</li>
 *   <li>A header opens a report and closes the previous one. A report part (counters, table, summary, …) with no
 *       open report, or after the open report's kill, opens an implicit report whose header is missing.</li>
 *   <li>A kill after the open report's first kill belongs to it only after a {@code memory.oom.group} notice;
 *       otherwise it stands alone (its own report was rate-limited). A summary naming another pid than the kill
 *       means the report is not this kill's: the kill stands alone.</li>
 *   <li>Kills stay buffered until the report closes, so that a later {@code oom_reaper} line or group notice can
 *       still be attached: on the next header or report part, after {@value #SETTLE_RECORDS} records or
 *       {@value #SETTLE_MICROS} µs of kernel time without a line of the report, or at {@link #finish()}.</li>
 *   <li>A report without a kill is abandoned, rows and all, after {@value #ABANDON_RECORDS} records or
 *       {@value #ABANDON_MICROS} µs of kernel time without a line of it. At most {@value #MAX_ROWS} task-table
 *       rows and {@value #MAX_PENDING_KILLS} buffered kills are kept; dropped rows are noted in
 *       {@code missing}.</li>
 * </ul>
 *
 * <p>"Records" in these windows are input lines ({@link KernelRecord#lineNumber()}) where the input has them, so
 * skipping lines before the assembler does not move a window; otherwise the records fed.
 *
 * <p>Each kill's {@code records} hold the lines it rests on, in log order: header, trigger CPU line, memcg counter
 * and stats-header lines, {@code Task in} line, table header, the trigger's and victim's table rows (not the
 * others: they are in {@code candidates}), summary, verdict, group notice, its own {@code Killed process} line and
 * its {@code oom_reaper} line.
 */
public final class OomReportAssembler {
    /** Task-table rows kept per report; the kernel prints one per process, which can be thousands. */
    public static final int MAX_ROWS = 10_000;
    /** Kills buffered before they are emitted without waiting for the report to close. */
    public static final int MAX_PENDING_KILLS = 1_000;
    /** Records without a line of an open, kill-less report before it is abandoned. */
    public static final int ABANDON_RECORDS = 5_000;
    /** Kernel time without a line of an open, kill-less report before it is abandoned. */
    public static final long ABANDON_MICROS = 30_000_000L;
    /** Records without a line of a report with kills before those kills are emitted. */
    public static final int SETTLE_RECORDS = 500;
    /**
     * Kernel time without a line of a report with kills before those kills are emitted. The kernel
     * prints a report within milliseconds and the reaper follows within a few hundred; one second
     * keeps a kill well inside the live correlator's settle time (CorrelationSettings), so the
     * report reaches it before the exit is judged.
     */
    public static final long SETTLE_MICROS = 1_000_000L;
    /** The trigger's CPU line must follow its header within this many records (another CPU may print between). */
    static final int TRIGGER_WINDOW = 16;

    private Report open;
    private long index;

    /**
     * Takes the next record and returns the evidence completed by it (often none, sometimes a previous report's
     * kills).
     */
    public List<Evidence> accept(KernelRecord record) {
        return accept(record, null);
    }

    /**
     * {@link #accept(KernelRecord)} with the record's message already parsed ahead (null: not), e.g.
     * on the thread that read it; the result is the same (see {@link OomPreparse}).
     */
    public List<Evidence> accept(KernelRecord record, OomPreparse preparsed) {
        if (record.origin() == Origin.USERSPACE) {
            return List.of();
        }
        // Windows count input lines, not records fed, so a prefilter that skips lines changes nothing;
        // live records (line 0) are counted one by one.
        index = Math.max(index + 1, record.lineNumber());
        List<Evidence> out = new ArrayList<>(0);
        OptionalLong micros = record.stamp().monotonicMicros();
        if (open != null && open.expired(index, micros)) {
            close(out);
        }
        Optional<TableLayout> layout = open == null ? Optional.empty() : Optional.ofNullable(open.layout);
        OomParseOutcome outcome = preparsed != null && preparsed.message().equals(record.message())
                ? preparsed.outcomeFor(layout) : OomLineParser.parse(record.message(), layout);
        if (!(outcome instanceof Parsed parsed)) {
            return out;
        }
        Entry entry = new Entry(index, record);
        OomLine line = parsed.line();
        if (line instanceof ReportHeader h) {
            close(out);
            open = new Report();
            open.header = h;
            open.headerIndex = index;
            open.common.add(entry);
        } else if (line instanceof TriggerTask t) {
            if (open != null && open.header != null && open.trigger == null && open.killCount == 0
                    && index - open.headerIndex <= TRIGGER_WINDOW && t.isFor(open.header.comm())) {
                open.trigger = t;
                open.common.add(entry);
            } else {
                return out;
            }
        } else if (line instanceof CgroupCounter c) {
            part(out).memory.add(c.usage());
            open.common.add(entry);
        } else if (line instanceof CgroupStatsHeader s) {
            Report r = part(out);
            if (r.statsMemcg == null) {
                r.statsMemcg = s.memcg();
                r.common.add(entry);
            }
        } else if (line instanceof TaskInMemcg t) {
            part(out).taskIn = t;
            open.common.add(entry);
        } else if (line instanceof TaskTableHeader t) {
            Report r = part(out);
            r.layout = t.layout();
            r.tableSeen = true;
            r.common.add(entry);
        } else if (line instanceof TaskTableRow row) {
            if (open == null || open.layout == null || open.killCount > 0 || open.summary != null) {
                return out;
            }
            if (open.rows.size() < MAX_ROWS) {
                open.rows.add(row.candidate());
                open.rowEntries.add(entry);
            } else {
                open.droppedRows++;
            }
        } else if (line instanceof Summary s) {
            Report r = part(out);
            if (r.summary != null) {
                close(out);
                r = part(out);
            }
            r.summary = s;
            r.common.add(entry);
        } else if (line instanceof KillVerdict v) {
            Report r = part(out);
            r.verdict = v;
            r.common.add(entry);
        } else if (line instanceof KilledProcess k) {
            kill(k, entry, out);
        } else if (line instanceof GroupKillNotice g) {
            if (open == null) {
                return out;
            }
            open.groupMemcg = g.memcg();
            open.common.add(entry);
        } else if (line instanceof Reaped r) {
            if (open == null) {
                return out;
            }
            Optional<PendingKill> k = open.kills.stream()
                    .filter(p -> p.line.victim().pid() == r.pid() && p.reaper == null).findFirst();
            if (k.isEmpty()) {
                return out;
            }
            k.get().reaper = entry;
        } else if (line instanceof NoKillableProcess) {
            if (open == null || open.killCount > 0) {
                close(out);
                open = new Report();
            }
            open.common.add(entry);
            out.add(noVictim(open));
            open = null;
            return out;
        } else if (line instanceof PagesRam || line instanceof TotalSwap) {
            // Part of a global report's totalpages; OomKill has no field for it yet (see package doc).
            return out;
        }
        if (open != null) {
            open.touch(index, micros);
            if (open.kills.size() >= MAX_PENDING_KILLS) {
                emitKills(open, out);
            }
        }
        return out;
    }

    /** Ends the input: emits the kills still buffered and drops an open report without a kill. The assembler can be reused. */
    public List<Evidence> finish() {
        List<Evidence> out = new ArrayList<>(0);
        close(out);
        return out;
    }

    /**
     * Time has reached {@code monotonicMicros} (another source says so, e.g. an exit seen later): a
     * report whose window has passed by then is closed, as a later kernel record would close it.
     * Lets a reader of sparse records (the agent's store keeps only the lines parsers use) get a
     * kill out before the evidence that depends on it is judged.
     */
    public List<Evidence> advanceTo(long monotonicMicros) {
        List<Evidence> out = new ArrayList<>(0);
        if (open != null && open.expired(index, OptionalLong.of(monotonicMicros))) {
            close(out);
        }
        return out;
    }

    /** Lines currently held (rows, report lines, buffered kills); for tests of boundedness. */
    int retained() {
        return open == null ? 0 : open.rows.size() + open.common.size() + open.kills.size();
    }

    private void kill(KilledProcess k, Entry entry, List<Evidence> out) {
        if (open != null && open.killCount > 0 && open.groupMemcg == null) {
            close(out);
        }
        if (open != null && open.killCount == 0 && open.summary != null && open.summary.pid() != k.victim().pid()) {
            // The summary names the victim of its own report; a different pid means that report's kill line was lost
            // and this kill's report was not printed. Sharing would attribute one process's context to another.
            close(out);
        }
        if (open == null) {
            open = new Report();
        }
        open.kills.add(new PendingKill(k, entry, open.killCount));
        open.killCount++;
    }

    /** The report that a part line belongs to: the open one before its kill, else a new implicit one. */
    private Report part(List<Evidence> out) {
        if (open == null || open.killCount > 0) {
            close(out);
            open = new Report();
        }
        return open;
    }

    private void close(List<Evidence> out) {
        if (open != null) {
            emitKills(open, out);
            open = null;
        }
    }

    private static void emitKills(Report r, List<Evidence> out) {
        if (r.kills.isEmpty()) {
            return;
        }
        List<OomCandidate> candidates = List.copyOf(r.rows);
        for (PendingKill k : r.kills) {
            out.add(build(r, k, candidates));
        }
        r.kills.clear();
    }

    private static OomKill build(Report r, PendingKill k, List<OomCandidate> candidates) {
        OomVictim v = k.line.victim();
        boolean chosenOne = k.ordinal == 0;
        if (chosenOne && r.verdict != null && r.verdict.pid() == v.pid()) {
            v = new OomVictim(v.pid(), v.comm(), v.uid(), v.totalVmKb(), v.anonRssKb(), v.fileRssKb(), v.shmemRssKb(),
                    v.pgtablesKb(), v.oomScoreAdj(), OptionalLong.of(r.verdict.score()));
        }
        boolean cgroupOom = k.line.cgroupOom() || r.verdict != null && r.verdict.cgroupOom();
        OomConstraint constraint;
        if (r.summary != null) {
            constraint = r.summary.constraint().orElse(OomConstraint.UNKNOWN);
        } else if (cgroupOom || r.taskIn != null) {
            constraint = OomConstraint.MEMCG;
        } else {
            // No kernel generation's kill line proves a global OOM on its own ("Out of memory:" is also printed for
            // cpuset and mempolicy OOMs), so absence of memcg markers is not GLOBAL.
            constraint = OomConstraint.UNKNOWN;
        }
        Optional<String> oomMemcg = Optional.empty();
        Optional<String> taskMemcg = Optional.empty();
        if (r.summary != null) {
            oomMemcg = r.summary.oomMemcg();
            if (chosenOne) {
                taskMemcg = r.summary.taskMemcg();
            }
        } else if (r.taskIn != null) {
            oomMemcg = Optional.of(r.taskIn.oomMemcg());
            if (chosenOne) {
                taskMemcg = Optional.of(r.taskIn.taskMemcg());
            }
        }
        if (oomMemcg.isEmpty() && r.statsMemcg != null) {
            oomMemcg = Optional.of(r.statsMemcg);
        }
        if (taskMemcg.isEmpty() && r.groupMemcg != null) {
            // A group member lives in the group's subtree; the notice names the group.
            taskMemcg = Optional.of(r.groupMemcg);
        }
        Optional<OomTrigger> trigger = Optional.empty();
        if (r.header != null) {
            trigger = Optional.of(new OomTrigger(r.header.comm(),
                    r.trigger == null ? OptionalInt.empty() : OptionalInt.of(r.trigger.pid()),
                    Optional.of(r.header.gfpMask()), r.header.order(), r.header.oomScoreAdj()));
        }
        return new OomKill(v, trigger, constraint, cgroupOom, r.groupMemcg != null, oomMemcg, taskMemcg,
                List.copyOf(r.memory), candidates, k.reaper != null, missing(r, k, constraint), records(r, k));
    }

    private static List<String> missing(Report r, PendingKill k, OomConstraint constraint) {
        List<String> missing = new ArrayList<>();
        if (r.header == null) {
            missing.add("report header");
        } else if (r.trigger == null) {
            missing.add("trigger pid (CPU line)");
        }
        if ((constraint == OomConstraint.MEMCG) && r.memory.isEmpty()) {
            missing.add("memory cgroup usage");
        }
        if (!r.tableSeen) {
            missing.add("task table");
        } else if (r.droppedRows > 0) {
            missing.add("task table rows beyond " + MAX_ROWS + " (" + r.droppedRows + " not kept)");
        }
        // The summary exists since 4.19; a kill line in the 5.x+ form (pgtables:, oom_score_adj:) proves the kernel
        // prints one. Older forms do not, and a summary is not expected from them.
        OomVictim v = k.line.victim();
        if (r.summary == null && (v.pgtablesKb().isPresent() || v.oomScoreAdj().isPresent())) {
            missing.add("oom-kill summary");
        }
        return missing;
    }

    private static List<KernelRecord> records(Report r, PendingKill k) {
        List<Entry> entries = new ArrayList<>(r.common);
        int victim = k.line.victim().pid();
        int trigger = r.trigger == null ? -1 : r.trigger.pid();
        boolean victimRow = false;
        boolean triggerRow = false;
        for (int i = 0; i < r.rows.size() && !(victimRow && (triggerRow || trigger < 0)); i++) {
            int pid = r.rows.get(i).pid();
            if (pid == victim && !victimRow) {
                victimRow = true;
                entries.add(r.rowEntries.get(i));
            } else if (pid == trigger && !triggerRow) {
                triggerRow = true;
                entries.add(r.rowEntries.get(i));
            }
        }
        entries.add(k.entry);
        if (k.reaper != null) {
            entries.add(k.reaper);
        }
        entries.sort(Comparator.comparingLong(Entry::index));
        return entries.stream().map(Entry::record).toList();
    }

    private static OomNoVictim noVictim(Report r) {
        Optional<OomTrigger> trigger = Optional.empty();
        if (r.header != null) {
            trigger = Optional.of(new OomTrigger(r.header.comm(),
                    r.trigger == null ? OptionalInt.empty() : OptionalInt.of(r.trigger.pid()),
                    Optional.of(r.header.gfpMask()), r.header.order(), r.header.oomScoreAdj()));
        }
        OomConstraint constraint = r.summary != null ? r.summary.constraint().orElse(OomConstraint.UNKNOWN)
                : r.taskIn != null || !r.memory.isEmpty() ? OomConstraint.MEMCG : OomConstraint.UNKNOWN;
        Optional<String> memcg = r.taskIn != null ? Optional.of(r.taskIn.oomMemcg())
                : Optional.ofNullable(r.statsMemcg);
        List<Entry> entries = new ArrayList<>(r.common);
        entries.sort(Comparator.comparingLong(Entry::index));
        return new OomNoVictim(trigger, constraint, memcg, entries.stream().map(Entry::record).toList());
    }

    private record Entry(long index, KernelRecord record) {
    }

    /** A kill line waiting for its report to close. */
    private static final class PendingKill {
        final KilledProcess line;
        final Entry entry;
        final int ordinal;
        Entry reaper;

        PendingKill(KilledProcess line, Entry entry, int ordinal) {
            this.line = line;
            this.entry = entry;
            this.ordinal = ordinal;
        }
    }

    /** The parts of one report seen so far. */
    private static final class Report {
        ReportHeader header;
        long headerIndex;
        TriggerTask trigger;
        final List<MemoryUsage> memory = new ArrayList<>(4);
        String statsMemcg;
        TaskInMemcg taskIn;
        TableLayout layout;
        boolean tableSeen;
        final List<OomCandidate> rows = new ArrayList<>();
        final List<Entry> rowEntries = new ArrayList<>();
        long droppedRows;
        Summary summary;
        KillVerdict verdict;
        String groupMemcg;
        final List<Entry> common = new ArrayList<>();
        final List<PendingKill> kills = new ArrayList<>(1);
        int killCount;
        long lastIndex;
        OptionalLong lastMicros = OptionalLong.empty();

        void touch(long index, OptionalLong micros) {
            lastIndex = index;
            if (micros.isPresent()) {
                lastMicros = micros;
            }
        }

        boolean expired(long index, OptionalLong micros) {
            boolean settled = killCount > 0;
            long records = settled ? SETTLE_RECORDS : ABANDON_RECORDS;
            long time = settled ? SETTLE_MICROS : ABANDON_MICROS;
            if (index - lastIndex > records) {
                return true;
            }
            if (micros.isPresent() && lastMicros.isPresent()) {
                long delta = micros.getAsLong() - lastMicros.getAsLong();
                // A clock going backwards is a new boot (or another source): nothing carries over.
                return delta > time || delta < 0;
            }
            return false;
        }
    }
}
