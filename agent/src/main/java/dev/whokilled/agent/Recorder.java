package dev.whokilled.agent;

import dev.whokilled.agent.store.Checkpoint;
import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.analysis.KeywordPrefilter;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.WallTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Decides what the agent keeps and hands it to the store: every death by a signal with the fatal
 * signals sent to it, every kernel record a parser can use, every gap; non-zero exits only of
 * configured processes; exit 0 never; signals not followed by a death never. Not thread-safe: the
 * agent's writer thread owns it.
 *
 * <p>An exit waits {@code settle} before it is stored, so the sender's own exit (a {@code kill}
 * command is gone within a millisecond) has been seen and its identity can be attached. A signal
 * that the trace delivers after its target's exit was settled (the trace reader lags under load) is
 * still stored with it when that exit was kept: it is stamped before the exit, and whoever reads
 * the store joins it by time. Signals wait per pid and every exit of that pid takes them, so a
 * reused pid never inherits its predecessor's.
 */
public final class Recorder {
    private static final int MAX_PENDING_SIGNALS = 100_000;
    private static final int DEPARTED_IDENTITIES = 4096;
    /** Where {@link dev.whokilled.rules.reader.JournalRecords} puts an entry's cursor. */
    private static final String JOURNAL_CURSOR = "__CURSOR";
    /** The longest the checkpoint may go unwritten: the agent's heartbeat, which a restart's downtime gap starts from. */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final EventStore store;
    private volatile AgentConfig config;
    private final IntFunction<Optional<ProcessIdentity>> running;
    private final Clock clock;
    private final String bootId;
    private final Consumer<StoreEntry> stored;
    private final KeywordPrefilter relevant = KeywordPrefilter.create();
    private final Map<Integer, Deque<SignalSent>> pendingSignals = new HashMap<>();
    private final Deque<ProcessExit> settling = new ArrayDeque<>();
    /** The settling exits that may be stored, oldest first: only their settle time is a deadline (see {@link #settleDue}). */
    private final Deque<ProcessExit> settlingKept = new ArrayDeque<>();
    private final Map<Integer, ProcessIdentity> departed = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, ProcessIdentity> eldest) {
            return size() > DEPARTED_IDENTITIES;
        }
    };
    /** The last exit of each recent pid, when it was settled: where a late signal belongs. */
    private final Map<Integer, Settled> settled = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Settled> eldest) {
            return size() > DEPARTED_IDENTITIES;
        }
    };
    private int pendingCount;

    private record Settled(long monotonicNanos, boolean kept) {
    }
    private long droppedSignals;
    private OptionalLong lastKmsgSeq = OptionalLong.empty();
    private Optional<String> lastJournalCursor = Optional.empty();
    private Instant lastCheckpoint = Instant.EPOCH;

    /**
     * @param running the identity of a running process by pid (the agent's process table)
     * @param lastKmsgSeq the checkpointed kmsg sequence of this boot, if any
     * @param lastJournalCursor the checkpointed journal cursor, if any; kept when the journal is not read this run
     * @param stored sees every entry as it is handed to the store (the agent's exports)
     */
    public Recorder(EventStore store, AgentConfig config, IntFunction<Optional<ProcessIdentity>> running, Clock clock,
                    String bootId, OptionalLong lastKmsgSeq, Optional<String> lastJournalCursor,
                    Consumer<StoreEntry> stored) {
        this.store = store;
        this.config = config;
        this.running = running;
        this.clock = clock;
        this.bootId = bootId;
        this.lastKmsgSeq = lastKmsgSeq;
        this.lastJournalCursor = lastJournalCursor;
        this.stored = stored;
    }

    /**
     * A record from kmsg or the journal: kept when a parser can use it. Its position (kmsg sequence,
     * journal cursor) goes into the next checkpoint, which {@link #flush} writes after the store,
     * so a checkpoint never covers a record that was not written.
     */
    public void kernel(KernelRecord record) {
        record.stamp().sequence().ifPresent(seq -> lastKmsgSeq = OptionalLong.of(seq));
        String cursor = record.context().get(JOURNAL_CURSOR);
        if (cursor != null) {
            lastJournalCursor = Optional.of(cursor);
        }
        byte[] message = record.message().getBytes(StandardCharsets.UTF_8);
        if (relevant.keep(message, 0, message.length)) {
            Instant at = record.stamp().wallTime().map(WallTime::instant).orElse(clock.instant());
            keep(StoreEntry.of(record, at));
        }
    }

    /** A fact from a source. */
    public void fact(Fact fact) {
        if (fact instanceof Gap gap) {
            keep(StoreEntry.of(gap));
        } else if (fact instanceof SignalSent signal) {
            pend(signal);
        } else if (fact instanceof ProcessExit exit) {
            exit.identity().ifPresent(id -> departed.put(exit.pid(), id));
            settling.addLast(exit);
            if (keeps(exit)) {
                settlingKept.addLast(exit);
            }
        }
    }

    /**
     * Forgets signals older than the window, then stores the exits that have settled. Call it by {@link #settleDue}
     * and whenever items were handed in; between calls signals may wait past the window, so they are forgotten
     * first: an exit settling now never takes a signal sent longer than the window before now.
     */
    public void tick() {
        Instant now = clock.instant();
        forgetSignalsBefore(now.minus(config.signalWindow()));
        while (!settling.isEmpty() && settled(settling.peekFirst(), now)) {
            settle(settling.removeFirst());
        }
        while (!settlingKept.isEmpty() && settled(settlingKept.peekFirst(), now)) {
            settlingKept.removeFirst();
        }
    }

    /**
     * When {@link #tick} must run next for an exit to be stored on time: the earliest settle time of an exit that
     * may be stored (a death by a signal, or a non-zero exit of a configured process). Exits that will be dropped
     * have no deadline; the next tick for any other reason settles them (within the settle time, give or take the
     * flush interval, which changes nothing: they are never stored, and a signal arriving meanwhile is joined
     * to them or kept for the pid's next process exactly as it would have been). Whether an exit may be stored is
     * judged when it is handed in: one settling across a reload that changes {@code exits.store} keeps the
     * deadline it had, so it may be stored up to a heartbeat late.
     */
    public Optional<Instant> settleDue() {
        ProcessExit first = settlingKept.peekFirst();
        return first == null ? Optional.empty() : Optional.of(first.observedAt().plus(config.settle()));
    }

    /** When {@link #flush} next writes a checkpoint even with nothing to store: the heartbeat. */
    public Instant checkpointDue() {
        return lastCheckpoint.plus(HEARTBEAT);
    }

    /** Entries handed to the store and not yet flushed. */
    public boolean unflushed() {
        return store.pendingEntries() > 0;
    }

    private boolean settled(ProcessExit exit, Instant now) {
        return !exit.observedAt().plus(config.settle()).isAfter(now);
    }

    private void forgetSignalsBefore(Instant horizon) {
        Iterator<Deque<SignalSent>> it = pendingSignals.values().iterator();
        while (it.hasNext()) {
            Deque<SignalSent> q = it.next();
            while (!q.isEmpty() && q.peekFirst().observedAt().isBefore(horizon)) {
                q.removeFirst();
                pendingCount--;
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Writes what is buffered, then advances the checkpoint (at least every 30 s, as the agent's heartbeat). */
    public EventStore.Flushed flush() throws IOException {
        EventStore.Flushed flushed = store.flush();
        Instant now = clock.instant();
        if (flushed.entries() > 0 || Duration.between(lastCheckpoint, now).compareTo(HEARTBEAT) >= 0) {
            store.writeCheckpoint(new Checkpoint(Optional.of(bootId), lastKmsgSeq, lastJournalCursor));
            lastCheckpoint = now;
        }
        return flushed;
    }

    /** Stores every exit still settling; at shutdown. */
    public void drain() {
        while (!settling.isEmpty()) {
            settle(settling.removeFirst());
        }
        settlingKept.clear();
    }

    /** New settings, from the agent's reload; the writer thread sees them at its next item. */
    public void reconfigure(AgentConfig next) {
        config = next;
    }

    /** The last kmsg sequence handed in (or checkpointed for this boot): where a restarted kmsg source resumes. */
    public OptionalLong kmsgPosition() {
        return lastKmsgSeq;
    }

    /** The last journal cursor handed in (or checkpointed): where a restarted journal source resumes. */
    public Optional<String> journalPosition() {
        return lastJournalCursor;
    }

    /** Signals dropped because too many were waiting for a death. */
    public long droppedSignals() {
        return droppedSignals;
    }

    private void pend(SignalSent signal) {
        Settled exit = settled.get(signal.targetPid());
        if (exit != null && signal.monotonicNanos() <= exit.monotonicNanos()) {
            if (exit.kept()) {
                keep(StoreEntry.of(withSender(signal)));
            }
            return;
        }
        if (pendingCount >= MAX_PENDING_SIGNALS) {
            droppedSignals++;
            return;
        }
        pendingSignals.computeIfAbsent(signal.targetPid(), pid -> new ArrayDeque<>()).addLast(signal);
        pendingCount++;
    }

    private void settle(ProcessExit exit) {
        Deque<SignalSent> queued = pendingSignals.remove(exit.pid());
        List<SignalSent> signals = new ArrayList<>();
        if (queued != null) {
            pendingCount -= queued.size();
            for (SignalSent s : queued) {
                if (s.monotonicNanos() <= exit.monotonicNanos()) {
                    signals.add(withSender(s));
                } else {
                    pend(s); // sent after this death: meant for the next process with the pid
                }
            }
        }
        boolean keep = keeps(exit);
        settled.put(exit.pid(), new Settled(exit.monotonicNanos(), keep));
        if (!keep) {
            return;
        }
        signals.forEach(s -> keep(StoreEntry.of(s)));
        keep(StoreEntry.of(exit));
    }

    /** Whether a settled exit is stored: a death by a signal, or a non-zero exit of a configured process. */
    private boolean keeps(ProcessExit exit) {
        return exit.signal().isPresent()
                || (exit.exitCode().orElse(0) != 0 && exit.identity().flatMap(ProcessIdentity::comm)
                        .map(config::storesExitOf).orElse(false));
    }

    private void keep(StoreEntry entry) {
        store.append(entry);
        stored.accept(entry);
    }

    private SignalSent withSender(SignalSent s) {
        if (s.sender().isPresent() || s.senderTgid().isEmpty()) {
            return s;
        }
        Optional<ProcessIdentity> sendingProcess = s.senderTid() > 0 ? known(s.senderTid()) : Optional.empty();
        if (sendingProcess.isPresent()) {
            // The trace takes the sender's tgid and comm from caches the kernel fills at context switches, so an id
            // reused by a new process or thread can still carry its previous owner's (seen: a sh forked by a JVM,
            // reported with the tgid and thread name of a JVM thread that had that id). The process table knows the
            // sending id as a process, or as a thread of one started since the agent did: that process sent it.
            ProcessIdentity p = sendingProcess.get();
            return s.sentBy(p, OptionalInt.of(p.pid()), p.comm().or(s::senderComm));
        }
        return known(s.senderTgid().getAsInt()).map(p -> s.sentBy(p, s.senderTgid(), s.senderComm())).orElse(s);
    }

    /** A process by pid: running, or among those that exited recently. */
    private Optional<ProcessIdentity> known(int pid) {
        return running.apply(pid).or(() -> Optional.ofNullable(departed.get(pid)));
    }
}
