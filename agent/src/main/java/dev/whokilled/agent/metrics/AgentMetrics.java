package dev.whokilled.agent.metrics;

import dev.whokilled.agent.metrics.Exposition.Type;
import dev.whokilled.agent.source.proc.ExitSource;
import dev.whokilled.agent.source.trace.TracefsSignalSource;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.counters.KernelCounters;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.signal.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the agent counts about itself and the deaths it explains, rendered as Prometheus series.
 * Thread-safe: the agent's threads update it, the metrics server and the textfile writer render it.
 * Labels are low-cardinality by construction: causes, signal names, OOM constraints and source
 * names, never a pid, a command line or a container id.
 *
 * <p>Counters count since the agent started (a restart starts them at 0, which {@code rate()} and
 * {@code increase()} handle). The kernel's own OOM-kill count, {@code /proc/vmstat oom_kill}, is
 * read when rendered and shown beside them: a kill whose report the agent never saw still moves it.
 */
public final class AgentMetrics {
    /** A source whose running state is a series of its own. */
    public enum Source {
        KMSG("kmsg"), JOURNAL("journal"), EXITS(ExitSource.SOURCE), SIGNALS(TracefsSignalSource.SOURCE);

        private final String gapSource;

        Source(String gapSource) {
            this.gapSource = gapSource;
        }

        /** The {@code source} label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The {@link Gap#source()} of the gaps it stores, and of its outages. */
        public String gapSource() {
            return gapSource;
        }
    }

    /** The {@code source} label of the gaps stored, by the name in the gap: the sources', the agent's, the store's. */
    private static final Map<String, String> GAP_SOURCES = gapSources();

    private static Map<String, String> gapSources() {
        Map<String, String> bySource = new HashMap<>(Map.of("agent", "agent", "store", "store"));
        for (Source s : Source.values()) {
            bySource.put(s.gapSource(), s.label());
        }
        return Map.copyOf(bySource);
    }

    private record TerminationKey(String cause, String signal) {
    }

    private final Supplier<OptionalLong> storeBytes;
    private final Supplier<OptionalLong> kernelOomKills;
    private final AtomicIntegerArray up = new AtomicIntegerArray(Source.values().length);
    private final Map<TerminationKey, LongAdder> terminations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> oomKills = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> lost = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> gaps = new ConcurrentHashMap<>();
    private final LongAdder storeWriteErrors = new LongAdder();
    private final Map<String, LongAdder> exportFailures = new ConcurrentHashMap<>();

    /**
     * @param storeBytes the bytes the store holds now; empty when it cannot be told
     * @param kernelOomKills the kernel's OOM-kill count this boot; empty when it cannot be read
     */
    public AgentMetrics(Supplier<OptionalLong> storeBytes, Supplier<OptionalLong> kernelOomKills) {
        this.storeBytes = Objects.requireNonNull(storeBytes, "storeBytes");
        this.kernelOomKills = Objects.requireNonNull(kernelOomKills, "kernelOomKills");
        // Series that exist before their first event, so increase() sees the step from 0 to 1.
        for (OomConstraint c : OomConstraint.values()) {
            oomKills.put(c.label(), new LongAdder());
        }
        for (String source : GAP_SOURCES.values()) {
            lost.put(source, new LongAdder());
            gaps.put(source, new LongAdder());
        }
        for (String sink : List.of("journal", "file", "metrics")) {
            exportFailures.put(sink, new LongAdder());
        }
    }

    /**
     * @param storeBytes the store's bytes now, asked at each rendering; empty while there is no store
     * @param proc whose {@code vmstat} is read at each rendering
     */
    public static AgentMetrics of(Supplier<OptionalLong> storeBytes, Path proc) {
        Path vmstat = proc.resolve("vmstat");
        return new AgentMetrics(storeBytes, () -> {
            try {
                return KernelCounters.vmstatOomKills(Files.readString(vmstat)).count();
            } catch (IOException e) {
                return OptionalLong.empty();
            }
        });
    }

    /** A source is running: it started, or started late on a retry, or is back after a stop. */
    public void started(Source source) {
        up.set(source.ordinal(), 1);
    }

    /** A source that ran stopped on its own (not at the agent's shutdown); it is retried. */
    public void stopped(Source source) {
        up.set(source.ordinal(), 0);
    }

    /** An entry the agent stored: a gap counts, under its source (the agent's own downtime and queue overflow too). */
    public void stored(StoreEntry entry) {
        if (entry instanceof StoreEntry.FactEntry f && f.fact() instanceof Gap gap) {
            gap(gap);
        }
    }

    /** A gap stored, with the events lost when its source says how many. */
    public void gap(Gap gap) {
        String source = GAP_SOURCES.getOrDefault(gap.source(), "other");
        gaps.computeIfAbsent(source, s -> new LongAdder()).increment();
        gap.lost().ifPresent(n -> lost.computeIfAbsent(source, s -> new LongAdder()).add(n));
    }

    /** Writing or fsyncing the store failed once. */
    public void storeWriteFailed() {
        storeWriteErrors.increment();
    }

    /** A sink (by its {@code TerminationSink.label}) failed to take one termination. */
    public void exportFailed(String sink) {
        exportFailures.computeIfAbsent(sink, s -> new LongAdder()).increment();
    }

    /** A death the agent explained. */
    public void terminated(Termination t) {
        String signal = t.exit().signal().isPresent() ? Signals.name(t.exit().signal().getAsInt()) : "none";
        terminations.computeIfAbsent(new TerminationKey(t.cause().label(), signal), k -> new LongAdder()).increment();
        t.oom().ifPresent(f -> oomKills.computeIfAbsent(f.kill().constraint().label(), k -> new LongAdder()).increment());
    }

    /** Every series now, in the text exposition format. */
    public String render() {
        Exposition e = new Exposition();
        e.family("whokilled_terminations_total", Type.COUNTER, "Process deaths the agent explained since it started,"
                + " by cause (as in 'whokilled list') and fatal signal (none for an exit with a code).");
        terminations.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<TerminationKey, LongAdder> en) -> en.getKey().cause())
                        .thenComparing(en -> en.getKey().signal()))
                .forEach(en -> e.sample(en.getValue().sum(), "cause", en.getKey().cause(), "signal", en.getKey().signal()));
        e.family("whokilled_oom_kills_total", Type.COUNTER, "Kernel OOM kills the agent explained since it started,"
                + " by the OOM killer's constraint (global, memcg, cpuset, mempolicy, unknown).");
        counts(e, "constraint", oomKills);
        e.family("whokilled_kernel_oom_kills", Type.GAUGE, "OOM kills the kernel counted this boot (/proc/vmstat"
                + " oom_kill), whether or not the agent saw them.");
        kernelOomKills.get().ifPresent(n -> e.sample(n));
        e.family("whokilled_source_up", Type.GAUGE, "1 when the source runs; 0 when it could not start or stopped on"
                + " its own (read error, failed reader), and then nothing it observes is recorded. The agent retries it"
                + " every 30 s (kmsg and journal only after a stop) and it is 1 again once it runs.");
        for (Source s : Source.values()) {
            e.sample(up.get(s.ordinal()), "source", s.label());
        }
        e.family("whokilled_source_lost_events_total", Type.COUNTER, "Events a source reported lost (kmsg ring"
                + " overwritten, trace buffer overrun, the agent's queue full as source agent).");
        counts(e, "source", lost);
        e.family("whokilled_source_gaps_total", Type.COUNTER, "Stretches of time a source could not observe, stored"
                + " as gaps, whether or not it could say how many events were lost (netlink ENOBUFS, journal cursor"
                + " lost, the source down until it was back).");
        counts(e, "source", gaps);
        e.family("whokilled_store_bytes", Type.GAUGE, "Bytes in the store's segment files.");
        storeBytes.get().ifPresent(n -> e.sample(n));
        e.family("whokilled_store_write_errors_total", Type.COUNTER, "Failed writes or fsyncs of the store.");
        e.sample(storeWriteErrors.sum());
        e.family("whokilled_export_failures_total", Type.COUNTER, "Terminations an export failed to take, by sink"
                + " (journal, file, metrics); they are in the store all the same.");
        counts(e, "sink", exportFailures);
        return e.text();
    }

    private static void counts(Exposition e, String label, Map<String, LongAdder> byValue) {
        byValue.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(en -> e.sample(en.getValue().sum(), label, en.getKey()));
    }
}
