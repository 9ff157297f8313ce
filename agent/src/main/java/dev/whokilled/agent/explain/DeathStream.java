package dev.whokilled.agent.explain;

import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.analysis.EvidenceParsers;
import dev.whokilled.rules.death.CorrelationSettings;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.death.DeathCorrelator;
import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import java.time.Duration;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Turns store entries into explained deaths, streaming: stored kernel records go through the log
 * parsers, and their evidence with the stored exits, signals and gaps goes through the live
 * correlator. The store keeps facts; this is where they become explanations, for the CLI reading a
 * store and for the agent's exports alike. Not thread-safe; one thread feeds it.
 *
 * <p>Entries are put in kernel-clock order first. The store is in the order the agent wrote, and
 * its sources lag each other (kmsg can trail the proc connector by seconds while replaying the ring
 * at start); the correlator wants time order, so entries wait {@code reorder} behind the newest
 * stamp seen, or behind the clock given to {@link #tick}.
 */
public final class DeathStream {
    /** What a reader of a finished store waits: kmsg's worst lag behind the proc connector seen at start. */
    public static final Duration STORE_REORDER = Duration.ofSeconds(5);
    /**
     * What a live reader waits (the agent's exports, {@code watch}): kmsg trails the proc connector by well
     * under this outside start-up, where the records it replays are old anyway.
     */
    public static final Duration LIVE_REORDER = Duration.ofSeconds(2);

    private final EvidenceParsers parsers = new EvidenceParsers(UserspaceMessageParser.withDefaultPatterns());
    private final DeathCorrelator correlator;
    private final Consumer<Death> sink;
    private final long reorderNanos;
    private final PriorityQueue<Held> held = new PriorityQueue<>(Comparator.comparingLong(Held::monotonicNanos)
            .thenComparingLong(Held::order));
    private long newest = Long.MIN_VALUE;
    private long order;

    private record Held(long monotonicNanos, long order, StoreEntry entry) {
    }

    /**
     * @param settings how facts and evidence are joined
     * @param reorder how long an entry waits for older ones that arrive after it
     * @param sink gets each death once it is explained
     */
    public DeathStream(CorrelationSettings settings, Duration reorder, Consumer<Death> sink) {
        this.correlator = new DeathCorrelator(settings);
        this.reorderNanos = reorder.toNanos();
        this.sink = sink;
    }

    /**
     * How stored facts are joined: the defaults, and every stored normal exit with a non-zero code is a
     * termination, since the agent stores one only when {@code exits.store} selected its process.
     */
    public static final CorrelationSettings STORED = CorrelationSettings.defaults().reportingExits(exit -> true);

    /** A stream with the {@link #STORED} settings and {@link #STORE_REORDER}, for reading a store. */
    public static DeathStream forStore(Consumer<Death> sink) {
        return new DeathStream(STORED, STORE_REORDER, sink);
    }

    /** A stream with the {@link #STORED} settings and {@link #LIVE_REORDER}, for entries as they are stored. */
    public static DeathStream live(Consumer<Death> sink) {
        return new DeathStream(STORED, LIVE_REORDER, sink);
    }

    /** The next entry, in about the order it was stored. */
    public void accept(StoreEntry entry) {
        OptionalLong mono = monotonicNanos(entry);
        if (mono.isEmpty()) {
            process(entry);
            return;
        }
        held.add(new Held(mono.getAsLong(), order++, entry));
        newest = Math.max(newest, mono.getAsLong());
        release(newest);
    }

    /**
     * Time passes with no entry (following a store, or the agent between items): releases what is
     * old enough and lets exits settle. {@code nowNanos} is CLOCK_MONOTONIC, which HotSpot's
     * {@code System.nanoTime()} reads on Linux.
     *
     * <p>The parsers and the correlator are moved to the horizon, {@code reorder} before now, not to
     * now: everything before it has been processed, nothing after it has. An OOM report closes a
     * second after its last line and an exit waits for it; judged by now, the exit would settle
     * while its report was still open, and be explained without it.
     */
    public void tick(long nowNanos) {
        long horizon = nowNanos - reorderNanos;
        release(nowNanos);
        for (Evidence e : parsers.advanceTo(horizon / 1000)) {
            correlator.accept(e).forEach(sink);
        }
        correlator.tick(horizon).forEach(sink);
    }

    /** Whether entries wait for older ones ({@link #tick} releases them as time passes). */
    public boolean holding() {
        return !held.isEmpty();
    }

    /** The input ended: explains everything still held. */
    public void finish() {
        while (!held.isEmpty()) {
            process(held.poll().entry());
        }
        for (Evidence e : parsers.finish()) {
            correlator.accept(e).forEach(sink);
        }
        correlator.finish().forEach(sink);
    }

    private void release(long nowNanos) {
        while (!held.isEmpty() && held.peek().monotonicNanos() < nowNanos - reorderNanos) {
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
            correlator.accept(f.fact()).forEach(sink);
        }
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
}
