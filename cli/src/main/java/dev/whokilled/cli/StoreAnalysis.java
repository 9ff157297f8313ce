package dev.whokilled.cli;

import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.analysis.EvidenceParsers;
import dev.whokilled.rules.death.CorrelationSettings;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.death.DeathCorrelator;
import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private StoreAnalysis(Consumer<Death> sink) {
        this.sink = sink;
    }

    /** What a scan saw besides deaths. */
    record Scanned(long entries, long corruptLines, List<Gap> gaps) {
    }

    /** Explains every death stored in the window. */
    static Scanned scan(Path store, TimeWindow window, Consumer<Death> sink) {
        StoreAnalysis analysis = new StoreAnalysis(sink);
        StoreReader.ScanStats stats;
        try {
            stats = StoreReader.open(store).scan(window, analysis::accept);
        } catch (IOException e) {
            throw unreadable(store, e);
        }
        analysis.finish();
        return new Scanned(stats.entries(), stats.corruptLines() + stats.unsupportedLines(), List.copyOf(analysis.gaps));
    }

    /** Explains deaths as the agent stores them, until {@code stop} says so; from {@code since}, else from now. */
    static void follow(Path store, Optional<java.time.Instant> since, BooleanSupplier stop, Consumer<Death> sink) {
        StoreAnalysis analysis = new StoreAnalysis(sink);
        try {
            // The correlator's clock is CLOCK_MONOTONIC, which HotSpot's nanoTime reads on Linux: ticking it lets
            // exits settle on an idle machine.
            StoreReader.open(store).follow(since, () -> {
                analysis.correlator.tick(System.nanoTime()).forEach(sink);
                return stop.getAsBoolean();
            }, analysis::accept);
        } catch (IOException e) {
            throw unreadable(store, e);
        }
        analysis.finish();
    }

    private void accept(StoreEntry entry) {
        if (entry instanceof StoreEntry.KernelEntry k) {
            for (Evidence e : parsers.accept(k.record())) {
                correlator.accept(e).forEach(sink);
            }
        } else if (entry instanceof StoreEntry.FactEntry f) {
            if (f.fact() instanceof Gap gap) {
                gaps.add(gap);
            }
            correlator.accept(f.fact()).forEach(sink);
        }
    }

    private void finish() {
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
