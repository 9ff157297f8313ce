package dev.whokilled.cli;

import dev.whokilled.agent.explain.DeathStream;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.live.Gap;
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
 * Explains the deaths in the agent's store with a {@link DeathStream}, and turns a store that cannot
 * be read into the CLI's one-line errors. The store keeps facts; a better rule explains old deaths
 * better too.
 */
final class StoreAnalysis {
    private StoreAnalysis() {
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
        List<Gap> gaps = new ArrayList<>();
        StoreReader.ScanStats stats;
        try {
            stats = explain(store, read, gapsTo(gaps::add), sink);
        } catch (IOException e) {
            throw unreadable(store, e);
        }
        return new Scanned(stats.entries(), stats.corruptLines() + stats.unsupportedLines(), List.copyOf(gaps));
    }

    /**
     * Explains every death stored in the window, and shows each stored entry to {@code entries} as
     * it is read (doctor's tally of time range and gaps); the reader's errors are left to the caller.
     */
    static StoreReader.ScanStats scan(Path store, TimeWindow window, Consumer<? super StoreEntry> entries,
                                      Consumer<Death> sink) throws IOException {
        return explain(store, (reader, each) -> reader.scan(window, each), entries, sink);
    }

    /** Reads with {@code read}, showing each entry to {@code tap} and then explaining it; the deaths go to {@code sink}. */
    private static StoreReader.ScanStats explain(Path store, Read read, Consumer<? super StoreEntry> tap,
                                                 Consumer<Death> sink) throws IOException {
        DeathStream analysis = DeathStream.forStore(sink);
        StoreReader.ScanStats stats = read.read(StoreReader.open(store), e -> {
            tap.accept(e);
            analysis.accept(e);
        });
        analysis.finish();
        return stats;
    }

    /** The stored gaps among the entries, each handed to {@code gaps}. */
    private static Consumer<StoreEntry> gapsTo(Consumer<Gap> gaps) {
        return e -> {
            if (e instanceof StoreEntry.FactEntry f && f.fact() instanceof Gap gap) {
                gaps.accept(gap);
            }
        };
    }

    /**
     * Explains deaths as the agent stores them, until {@code stop} says so; from {@code since}, else from now.
     * Each gap goes to {@code gaps} as soon as it is read: it needs no explaining, and a person watching should
     * learn at once that the agent missed something (the deaths wait a moment for their kernel records).
     */
    static void follow(Path store, Optional<java.time.Instant> since, BooleanSupplier stop, Consumer<Death> sink,
                       Consumer<Gap> gaps) {
        DeathStream analysis = DeathStream.live(sink); // entries as the agent writes them, as its exports see them
        try {
            StoreReader.open(store).follow(since, () -> {
                analysis.tick(System.nanoTime());
                return stop.getAsBoolean();
            }, gapsTo(gaps).andThen(analysis::accept));
        } catch (IOException e) {
            throw unreadable(store, e);
        }
        analysis.finish();
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
