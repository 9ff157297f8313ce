package dev.whokilled.cli;

import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.analysis.EvidenceParsers;
import dev.whokilled.rules.death.CorrelationSettings;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.death.DeathCorrelator;
import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Explains the deaths in the agent's store: stored kernel records go through the log parsers,
 * and their evidence with the stored exits, signals and gaps goes through the live correlator.
 * The store keeps facts; this is where they become explanations, so a better rule explains old
 * deaths better too. Not thread-safe; one per command.
 */
final class StoreAnalysis {
    private final EvidenceParsers parsers = new EvidenceParsers(UserspaceMessageParser.withDefaultPatterns());
    private final DeathCorrelator correlator = new DeathCorrelator(CorrelationSettings.defaults());
    private final List<Gap> gaps = new ArrayList<>();
    private final Consumer<Death> sink;
    /**
     * Entries in kernel-clock order. The store is in the order the agent wrote, and its sources lag
     * each other (kmsg can trail the proc connector by seconds while replaying the ring at start);
     * the correlator wants time order, so entries wait {@link #REORDER} behind the newest stamp seen.
     */
    private final PriorityQueue<Held> held = new PriorityQueue<>(Comparator.comparingLong(Held::monotonicNanos)
            .thenComparingLong(Held::order));
    private long newest = Long.MIN_VALUE;
    private long order;

    private static final long REORDER = 5_000_000_000L;

    private record Held(long monotonicNanos, long order, StoreEntry entry) {
    }

    private StoreAnalysis(Consumer<Death> sink) {
        this.sink = sink;
    }

    /** What a scan saw besides deaths. */
    record Scanned(long entries, long corruptLines, List<Gap> gaps) {
    }

    /** Explains every death stored in the window. */
    static Scanned scan(Path store, TimeWindow window, Consumer<Death> sink) {
        return run(store, (reader, entries) -> reader.scan(window, entries), sink);
    }

    /**
     * Explains the deaths of {@code pid} in the whole store, as {@link #scan} would, from the entries
     * that concern it ({@link StoreReader#scanPid}); deaths of other pids may be passed to the sink too.
     */
    static Scanned scanPid(Path store, int pid, Consumer<Death> sink) {
        return run(store, (reader, entries) -> reader.scanPid(pid, entries), sink);
    }

    @FunctionalInterface
    private interface Read {
        StoreReader.ScanStats read(StoreReader reader, Consumer<StoreEntry> entries) throws IOException;
    }

    private static Scanned run(Path store, Read read, Consumer<Death> sink) {
        StoreAnalysis analysis = new StoreAnalysis(sink);
        StoreReader.ScanStats stats;
        try {
            stats = read.read(StoreReader.open(store), analysis::accept);
        } catch (IOException e) {
            throw unreadable(store, e);
        }
        analysis.finish();
        return new Scanned(stats.entries(), stats.corruptLines() + stats.unsupportedLines(), List.copyOf(analysis.gaps));
    }

    /**
     * Explains every death stored in the window, and shows each stored entry to {@code entries} as
     * it is read (doctor's tally of time range and gaps); the reader's errors are left to the caller.
     */
    static StoreReader.ScanStats scan(Path store, TimeWindow window, Consumer<? super StoreEntry> entries,
                                      Consumer<Death> sink) throws IOException {
        StoreAnalysis analysis = new StoreAnalysis(sink);
        StoreReader.ScanStats stats = StoreReader.open(store).scan(window, e -> {
            entries.accept(e);
            analysis.accept(e);
        });
        analysis.finish();
        return stats;
    }

    /** Explains deaths as the agent stores them, until {@code stop} says so; from {@code since}, else from now. */
    static void follow(Path store, Optional<java.time.Instant> since, BooleanSupplier stop, Consumer<Death> sink) {
        StoreAnalysis analysis = new StoreAnalysis(sink);
        try {
            // The correlator's clock is CLOCK_MONOTONIC, which HotSpot's nanoTime reads on Linux: ticking it lets
            // exits settle on an idle machine.
            StoreReader.open(store).follow(since, () -> {
                analysis.tick(System.nanoTime());
                return stop.getAsBoolean();
            }, analysis::accept);
        } catch (IOException e) {
            throw unreadable(store, e);
        }
        analysis.finish();
    }

    private void accept(StoreEntry entry) {
        OptionalLong mono = monotonicNanos(entry);
        if (mono.isEmpty()) {
            process(entry);
            return;
        }
        held.add(new Held(mono.getAsLong(), order++, entry));
        newest = Math.max(newest, mono.getAsLong());
        while (!held.isEmpty() && held.peek().monotonicNanos() < newest - REORDER) {
            process(held.poll().entry());
        }
    }

    private void process(StoreEntry entry) {
        if (entry instanceof StoreEntry.KernelEntry k) {
            for (Evidence e : parsers.accept(k.record())) {
                correlator.accept(e).forEach(sink);
            }
        } else if (entry instanceof StoreEntry.FactEntry f) {
            // A kill's report closes when the kernel clock moves on; the store keeps few kernel lines, so the
            // facts' clock (the same CLOCK_MONOTONIC) moves it, before the fact is judged.
            monotonicNanos(entry).ifPresent(ns -> parsers.advanceTo(ns / 1000)
                    .forEach(e -> correlator.accept(e).forEach(sink)));
            if (f.fact() instanceof Gap gap) {
                gaps.add(gap);
            }
            correlator.accept(f.fact()).forEach(sink);
        }
    }

    /** Time passes with no entry (follow mode): release what is old enough and let exits settle. */
    private void tick(long nowNanos) {
        while (!held.isEmpty() && held.peek().monotonicNanos() < nowNanos - REORDER) {
            process(held.poll().entry());
        }
        correlator.tick(nowNanos).forEach(sink);
    }

    private static OptionalLong monotonicNanos(StoreEntry entry) {
        if (entry instanceof StoreEntry.KernelEntry k) {
            OptionalLong us = k.record().stamp().monotonicMicros();
            return us.isPresent() ? OptionalLong.of(us.getAsLong() * 1000) : OptionalLong.empty();
        }
        Fact fact = ((StoreEntry.FactEntry) entry).fact();
        if (fact instanceof ProcessExit e) {
            return OptionalLong.of(e.monotonicNanos());
        }
        if (fact instanceof SignalSent s) {
            return OptionalLong.of(s.monotonicNanos());
        }
        return OptionalLong.empty();
    }

    private void finish() {
        while (!held.isEmpty()) {
            process(held.poll().entry());
        }
        for (Evidence e : parsers.finish()) {
            correlator.accept(e).forEach(sink);
        }
        correlator.finish().forEach(sink);
    }

    private static CliException unreadable(Path store, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new CliException(ExitCodes.NOTHING_FOUND, "no store at " + store
                    + ": the agent has not run there (start it: whokilled agent, or systemctl start whokilled-agent)");
        }
        if (e instanceof AccessDeniedException) {
            return CliException.usage("cannot read the store " + store + ": permission denied (run as root, or as a"
                    + " member of the store's group)");
        }
        return CliException.usage("cannot read the store " + store + ": " + e.getMessage());
    }
}
