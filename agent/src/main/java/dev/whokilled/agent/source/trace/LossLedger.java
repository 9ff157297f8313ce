package dev.whokilled.agent.source.trace;

import dev.whokilled.rules.trace.CpuBufferStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-CPU account of lost trace events, so that each lost event is reported once although the kernel reports an
 * overrun twice: as {@code CPU:N [LOST M EVENTS]} in {@code trace_pipe} (when the reader gets there) and in the
 * cumulative {@code overrun} counter of {@code per_cpu/cpuN/stats} (at once). Whichever says more is the truth so
 * far; only the excess over what was already reported is new. {@code commit overrun} and {@code dropped events}
 * never show in {@code trace_pipe} and are reported from their own deltas. Not thread-safe.
 */
final class LossLedger {
    /** A loss to report: how many events, and why. */
    record Loss(int cpu, long count, String reason) {
    }

    private static final class Cpu {
        long fromLostLines;
        long overrun;
        long reportedOverrun;
        long commitOverrun;
        long dropped;
    }

    private final Map<Integer, Cpu> cpus = new HashMap<>();

    /** A {@code CPU:N [LOST M EVENTS]} line; returns the part of M not yet reported from the counters. */
    long lostLine(int cpu, long count) {
        Cpu c = cpus.computeIfAbsent(cpu, k -> new Cpu());
        c.fromLostLines += count;
        return settleOverrun(c);
    }

    /** The current counters of one CPU; returns the losses they show that were not yet reported. */
    List<Loss> counters(int cpu, CpuBufferStats stats) {
        Cpu c = cpus.computeIfAbsent(cpu, k -> new Cpu());
        List<Loss> losses = new ArrayList<>();
        c.overrun = Math.max(c.overrun, stats.overrun());
        long overrun = settleOverrun(c);
        if (overrun > 0) {
            losses.add(new Loss(cpu, overrun, "trace buffer of CPU " + cpu + " overran: " + overrun
                    + " signal_generate events overwritten before they were read"));
        }
        if (stats.commitOverrun() > c.commitOverrun) {
            long n = stats.commitOverrun() - c.commitOverrun;
            c.commitOverrun = stats.commitOverrun();
            losses.add(new Loss(cpu, n, "trace buffer of CPU " + cpu + ": " + n + " events lost to commit overrun"
                    + " (nested writers filled a page)"));
        }
        if (stats.droppedEvents() > c.dropped) {
            long n = stats.droppedEvents() - c.dropped;
            c.dropped = stats.droppedEvents();
            losses.add(new Loss(cpu, n, "trace buffer of CPU " + cpu + " was full: " + n + " events dropped"));
        }
        return losses;
    }

    private static long settleOverrun(Cpu c) {
        long known = Math.max(c.fromLostLines, c.overrun);
        long fresh = known - c.reportedOverrun;
        if (fresh <= 0) {
            return 0;
        }
        c.reportedOverrun = known;
        return fresh;
    }
}
