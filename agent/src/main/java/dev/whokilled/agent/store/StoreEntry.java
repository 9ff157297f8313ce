package dev.whokilled.agent.store;

import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.record.KernelRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored line, immutable: a {@link Fact} (exit, fatal signal, gap) or a kernel-log record,
 * each with the agent's wall time of observation.
 *
 * <p>A {@link KernelRecord} carries the kernel's own clocks but not when the agent read it, so
 * {@link KernelEntry} adds that; a fact carries it already.
 */
public sealed interface StoreEntry permits StoreEntry.FactEntry, StoreEntry.KernelEntry {

    /** The agent's wall clock when it observed the entry; the store orders and windows by it. */
    Instant observedAt();

    static StoreEntry of(Fact fact) {
        return new FactEntry(fact);
    }

    static StoreEntry of(KernelRecord record, Instant observedAt) {
        return new KernelEntry(record, observedAt);
    }

    /** An exit, a fatal signal or a gap. */
    record FactEntry(Fact fact) implements StoreEntry {
        public FactEntry {
            Objects.requireNonNull(fact, "fact");
        }

        @Override
        public Instant observedAt() {
            return fact.observedAt();
        }
    }

    /** A kernel-log record (kmsg or the journal's kernel transport) and when the agent read it. */
    record KernelEntry(KernelRecord record, Instant observedAt) implements StoreEntry {
        public KernelEntry {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(observedAt, "observedAt");
        }
    }
}
