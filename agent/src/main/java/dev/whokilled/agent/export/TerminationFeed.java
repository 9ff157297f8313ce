package dev.whokilled.agent.export;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.explain.DeathStream;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.death.Death;
import java.io.IOException;
import java.util.List;

/**
 * Explains what the agent stores as it stores it, and hands each termination to the sinks: the
 * same {@link DeathStream} that {@code whokilled list} reads the store with, so an export says
 * what {@code list} says. Entries wait {@link DeathStream#LIVE_REORDER} for older ones from a lagging source, and
 * exits then wait the correlator's settle time (2 s) for late kernel reports, so a termination
 * leaves about four seconds after the death. Not thread-safe: the agent's writer thread owns it.
 */
public final class TerminationFeed implements AutoCloseable {

    private final List<TerminationSink> sinks;
    private final AgentLog log;
    private final DeathStream stream;
    private long published;

    public TerminationFeed(List<TerminationSink> sinks, AgentLog log) {
        this.sinks = List.copyOf(sinks);
        this.log = log;
        this.stream = DeathStream.live(this::publish);
    }

    /** An entry the agent just handed to its store. */
    public void stored(StoreEntry entry) {
        stream.accept(entry);
    }

    /** Lets time pass: {@code nowNanos} is CLOCK_MONOTONIC ({@code System.nanoTime()}). */
    public void tick(long nowNanos) {
        stream.tick(nowNanos);
        sinks.forEach(sink -> sink.tick(nowNanos));
    }

    /** Terminations handed to the sinks so far. */
    public long published() {
        return published;
    }

    private void publish(Death death) {
        ExportedTermination t = ExportedTermination.of(death);
        published++;
        for (TerminationSink sink : sinks) {
            try {
                sink.accept(t);
            } catch (IOException | RuntimeException e) {
                log.once("export:" + sink.name(), sink.name() + " export failed: " + e.getMessage()
                        + " (logged once; later terminations are still offered to it)");
            }
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
