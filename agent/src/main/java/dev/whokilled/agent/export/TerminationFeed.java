package dev.whokilled.agent.export;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.explain.DeathStream;
import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.death.CorrelationSettings;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.oom.OomReportAssembler;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains what the agent stores as it stores it, and hands each termination to the sinks: the
 * same {@link DeathStream} that {@code whokilled list} reads the store with, so an export says
 * what {@code list} says. Entries wait {@link DeathStream#LIVE_REORDER} for older ones from a lagging source, and
 * exits then wait the correlator's settle time (2 s) for late kernel reports, so a termination
 * leaves about four seconds after the death. The agent ticks it only while it is {@link #busy}. Not thread-safe: the agent's writer thread owns it.
 */
public final class TerminationFeed implements AutoCloseable {

    private final List<TerminationSink> sinks;
    private final AgentLog log;
    private final AgentMetrics metrics;
    /** Sinks failing now, by name: the terminations each has not taken since it started failing. */
    private final Map<String, Long> failing = new HashMap<>();
    private final DeathStream stream;
    private final long quietNanos;
    private boolean storedSinceTick;
    /** Whether an entry was ever ticked over: then {@link #busyUntilNanos} holds (nanoTime values may be any long). */
    private boolean quieting;
    /** When {@link #quietAfter} has passed since the tick after the last entry. */
    private long busyUntilNanos;

    /** @param metrics counts each termination a sink failed to take */
    public TerminationFeed(List<TerminationSink> sinks, AgentLog log, AgentMetrics metrics) {
        this.sinks = List.copyOf(sinks);
        this.log = log;
        this.metrics = metrics;
        this.stream = DeathStream.live(this::publish);
        this.quietNanos = quietAfter(DeathStream.STORED).toNanos();
    }

    /**
     * How long after an entry the feed may still publish because of it, when ticked: the entry waits
     * {@link DeathStream#LIVE_REORDER}; an OOM report closes a second after its last line
     * ({@link OomReportAssembler#SETTLE_MICROS}); an exit waits the settle time; kernel evidence whose exit never
     * comes is explained once the join window, the settle time and the clock skew have passed. One second more for
     * stamps a little ahead of the clock.
     */
    static Duration quietAfter(CorrelationSettings settings) {
        return DeathStream.LIVE_REORDER.plus(Duration.ofNanos(OomReportAssembler.SETTLE_MICROS * 1000))
                .plus(settings.settle()).plus(settings.window()).plus(settings.clockSkew()).plus(Duration.ofSeconds(1));
    }

    /** An entry the agent just handed to its store. */
    public void stored(StoreEntry entry) {
        stream.accept(entry);
        storedSinceTick = true;
    }

    /**
     * Lets time pass: {@code nowNanos} is CLOCK_MONOTONIC ({@code System.nanoTime()}). Needed while {@link #busy}, at
     * the agent's flush interval; ticks besides those change nothing.
     */
    public void tick(long nowNanos) {
        if (storedSinceTick) {
            busyUntilNanos = nowNanos + quietNanos;
            quieting = true;
            storedSinceTick = false;
        }
        stream.tick(nowNanos);
        sinks.forEach(sink -> sink.tick(nowNanos));
    }

    /**
     * Whether something could still be published or sent without a new entry, so {@link #tick} must keep coming: an
     * entry was stored less than {@link #quietAfter} ago (by the ticks' clock), the stream holds entries (stamped
     * ahead of the clock), or a sink holds work back. An idle agent's feed is not busy and needs no ticks.
     */
    public boolean busy(long nowNanos) {
        return storedSinceTick || quieting && nowNanos - busyUntilNanos < 0 || stream.holding()
                || sinks.stream().anyMatch(TerminationSink::holdsWork);
    }

    private void publish(Death death) {
        ExportedTermination t = ExportedTermination.of(death);
        for (TerminationSink sink : sinks) {
            try {
                sink.accept(t);
                worked(sink);
            } catch (IOException | RuntimeException e) {
                failed(sink, e);
            }
        }
    }

    /** Logs the first failure of an outage only, so that a full disk does not flood the journal; counts every one. */
    private void failed(TerminationSink sink, Exception e) {
        metrics.exportFailed(sink.label());
        if (failing.merge(sink.name(), 1L, Long::sum) == 1) {
            log.warning(sink.name() + " export failed: " + e.getMessage() + "; terminations are still stored, and"
                    + " offered to it again (logged again when it works)");
        }
    }

    private void worked(TerminationSink sink) {
        Long missed = failing.remove(sink.name());
        if (missed != null) {
            log.info(sink.name() + " export works again; " + missed + " termination(s) were not exported to it"
                    + " (they are in the store: whokilled list)");
        }
    }

    /** Explains and hands on what is still held (at shutdown, after the store's last entries), then closes the sinks. */
    @Override
    public void close() {
        stream.finish();
        for (TerminationSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                log.warning("closing the " + sink.name() + " export failed: " + e.getMessage());
            }
        }
    }
}
