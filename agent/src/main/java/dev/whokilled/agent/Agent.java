package dev.whokilled.agent;

import dev.whokilled.agent.export.ExportSinks;
import dev.whokilled.agent.export.TerminationFeed;
import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.metrics.AgentMetrics.Source;
import dev.whokilled.agent.source.journal.JournalSource;
import dev.whokilled.agent.source.LogSink;
import dev.whokilled.agent.source.kmsg.KmsgSource;
import dev.whokilled.agent.source.proc.ExitSource;
import dev.whokilled.agent.source.proc.ProcConnector;
import dev.whokilled.agent.source.proc.ProcSnapshotter;
import dev.whokilled.agent.source.proc.ProcessTable;
import dev.whokilled.agent.source.trace.TracefsSignalSource;
import dev.whokilled.agent.store.Checkpoint;
import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreGroup;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.redact.CommandLineRedactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The running agent: opens the store, starts every source it can (saying why for each one it
 * cannot), and writes what they see through a {@link Recorder} on one writer thread. Start and
 * close from one controlling thread; sources hand their items over a bounded queue.
 *
 * <p>Every entry stored also goes to a {@link TerminationFeed}, which explains it as {@code list}
 * would and hands each termination to the exports (journal, event file, metrics).
 *
 * <p>{@link AgentMetrics} counts which sources run, the gaps they report and failed store writes, for the
 * metrics export.
 *
 * <p>Shutdown closes the sources in reverse order, drains the queue, stores settling exits,
 * flushes, checkpoints, and hands the last terminations to the exports. A restart records the time the agent was down as a gap: from the last
 * checkpoint (written at least every 30 s) to now.
 */
public final class Agent implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 200_000;

    /** Where the kernel interfaces and tools are; the defaults are this machine's, tests point elsewhere. */
    public record Paths(Path kmsg, Path proc, Path tracefs, Path journalctl) {
        public static Paths system() {
            return new Paths(Path.of("/dev/kmsg"), Path.of("/proc"), Path.of("/sys/kernel/tracing"),
                    Path.of("/usr/bin/journalctl"));
        }
    }

    private final Path storeDir;
    private volatile AgentConfig config;
    private final Paths paths;
    private final Clock clock;
    private final AgentLog log;
    private final AgentMetrics metrics;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong overflow = new AtomicLong();
    private static final Duration RETRY = Duration.ofSeconds(30);
    /** Clean exits wait for the writer's next wake-up, or wake it themselves once this many items are queued. */
    static final int QUIET_ITEMS = 256;

    /** Both log sources hand their records and gaps to the queue through this. */
    private final LogSink logSink = new LogSink() {
        @Override
        public void record(KernelRecord record) {
            enqueue(record);
        }

        @Override
        public void gap(Gap gap) {
            enqueue(gap);
        }
    };
    private volatile EventStore store;
    private Recorder recorder;
    /** Which sources run; created with the recorder, which stores the gaps of their outages. */
    private SourceSupervisor sources;
    private TerminationFeed feed;
    private volatile Thread writer;
    private volatile boolean stopping;
    private final Duration retryEvery;
    private volatile Throwable writerFailure;
    /** When the store last became unwritable (disk full); null while it can be written. Writer thread only. */
    private Instant unwritableSince;

    public Agent(Path storeDir, AgentConfig config, Paths paths, Clock clock, AgentLog log) {
        this(storeDir, config, paths, clock, log, RETRY);
    }

    /** @param retryEvery how often a source that could not start, or stopped, is tried again */
    Agent(Path storeDir, AgentConfig config, Paths paths, Clock clock, AgentLog log, Duration retryEvery) {
        this.storeDir = Objects.requireNonNull(storeDir, "storeDir");
        this.config = Objects.requireNonNull(config, "config");
        this.paths = Objects.requireNonNull(paths, "paths");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.retryEvery = Objects.requireNonNull(retryEvery, "retryEvery");
        this.metrics = AgentMetrics.of(() -> store == null ? OptionalLong.empty() : OptionalLong.of(store.bytes()),
                paths.proc());
    }

    /** Opens the store and starts the sources; fails when no kernel-log source can start. */
    public void start() throws IOException {
        store = EventStore.open(storeDir, config.store(), clock);
        shareWithGroup();
        EventStore.Opened opened = store.opened();
        if (opened.droppedBytes() > 0) {
            log.warning("store " + storeDir + ": dropped a torn last line of " + opened.droppedBytes()
                    + " bytes left by a crash");
        }
        String bootId = Files.readString(paths.proc().resolve("sys/kernel/random/boot_id")).strip();
        Optional<Checkpoint> checkpoint = store.readCheckpoint();
        OptionalLong resume = checkpoint.filter(c -> c.bootId().equals(Optional.of(bootId)))
                .map(Checkpoint::kmsgSeq).orElse(OptionalLong.empty());
        feed = new TerminationFeed(ExportSinks.open(config.exports(), metrics, log, clock, paths.proc()), log, metrics);
        ProcessTable table = new ProcessTable(new ProcSnapshotter(paths.proc(), 4096, this::redact), 65_536);
        Optional<String> cursor = checkpoint.flatMap(Checkpoint::journalCursor);
        // Every stored entry goes to the exports, and a gap to the metrics: the one place both learn of them.
        recorder = new Recorder(store, config, table::lookup, clock, bootId, resume, cursor, entry -> {
            feed.stored(entry);
            metrics.stored(entry);
        });
        lastAlive().ifPresent(since -> recorder.fact(new Gap("agent", since, clock.instant(), OptionalLong.empty(),
                "the agent was not running: exits and signal senders of this time were not observed (kernel records"
                + " still in the ring buffer and journal entries after the checkpointed cursor are recovered)",
                clock.instant())));

        sources = new SourceSupervisor(clock, log, metrics, retryEvery, recorder::fact, () -> LockSupport.unpark(writer));
        List<String> started = new ArrayList<>();
        boolean kmsg = startKmsg(bootId, resume, started);
        boolean journal = startJournal(cursor, kmsg ? JournalSource.Mode.USERSPACE : JournalSource.Mode.WITH_KERNEL,
                started);
        if (!kmsg && !journal) {
            sources.close();
            store.close();
            feed.close();
            throw new IOException("no kernel-log source could start (see above); the agent cannot run");
        }
        startExits(table, bootId, started);
        startSignals(started);
        writer = new Thread(this::write, "store-writer");
        writer.start();
        log.info("whokilled agent started: store " + storeDir + ", sources: " + String.join(", ", started));
    }

    /**
     * The kernel log. When it cannot start it is not retried (the journal stands in for it); when it stops, it is, and
     * resumes after the last record stored.
     */
    private boolean startKmsg(String bootId, OptionalLong resume, List<String> started) {
        SourceSupervisor.Spec spec = new SourceSupervisor.Spec("kmsg", Source.KMSG, "kernel records (OOM kills,"
                + " segfaults) are read back from the ring buffer when it is back; those it overwrote meanwhile are lost",
                stops -> {
                    long monotonicNowMicros = System.nanoTime() / 1000;
                    // HotSpot's nanoTime is CLOCK_MONOTONIC on Linux, the printk clock's base: now minus it is the
                    // boot time.
                    BootClock boot = new BootClock(clock.instant().minusNanos(System.nanoTime()));
                    KmsgSource kmsg = new KmsgSource(KmsgSource.device(paths.kmsg()), bootId, recorder.kmsgPosition(),
                            boot, clock, monotonicNowMicros, logSink, stops);
                    kmsg.start();
                    return kmsg;
                });
        try {
            sources.start(spec);
            started.add("kmsg" + (resume.isPresent() ? " (resuming after sequence " + resume.getAsLong() + ")" : ""));
            return true;
        } catch (IOException e) {
            log.error("kernel log " + paths.kmsg() + " unavailable: " + e.getMessage()
                    + " (needs root or CAP_SYSLOG when kernel.dmesg_restrict=1); trying the journal's kernel records");
            return false;
        }
    }

    /**
     * The journal: systemd, systemd-oomd and earlyoom lines always; the kernel's records too when
     * kmsg could not start (then the journal is the kernel-log source). Started after kmsg, so it
     * is closed before it.
     */
    private boolean startJournal(Optional<String> cursor, JournalSource.Mode mode, List<String> started) {
        boolean withKernel = mode == JournalSource.Mode.WITH_KERNEL;
        SourceSupervisor.Spec spec = new SourceSupervisor.Spec("journal", Source.JOURNAL, "systemd, systemd-oomd and"
                + " earlyoom lines" + (withKernel ? " and kernel records" : "") + " are read back from the journal when"
                + " it is back", stops -> {
                    JournalSource journal = new JournalSource(paths.journalctl(), mode, recorder.journalPosition(), clock,
                            JournalSource.Retry.DEFAULT, logSink, problem -> log.once("journal:" + problem,
                            "journal: " + problem), stops);
                    journal.start();
                    return journal;
                });
        try {
            sources.start(spec);
            started.add((withKernel ? "journal (kernel records and " : "journal (")
                    + String.join(", ", JournalSource.IDENTIFIERS) + (cursor.isPresent() ? "; resuming at its cursor)" : ")"));
            return true;
        } catch (IOException e) {
            log.warning("journal unavailable: " + e.getMessage() + "; systemd, systemd-oomd and earlyoom lines will"
                    + " not be recorded" + (withKernel ? ", nor kernel records" : ""));
            return false;
        }
    }

    private void startExits(ProcessTable table, String bootId, List<String> started) {
        startOrRetry(new SourceSupervisor.Spec("exits (proc connector)", Source.EXITS,
                "deaths are explained from the kernel log only", stops -> {
                    ExitSource exits = new ExitSource(ProcConnector.open(16 << 20, Duration.ofMillis(500),
                            Duration.ofSeconds(2)), table, clock, bootId, this::enqueue, stops);
                    exits.start();
                    return exits;
                }), started);
    }

    private void startSignals(List<String> started) {
        startOrRetry(new SourceSupervisor.Spec("signal senders (tracefs)", Source.SIGNALS,
                "senders of fatal signals will be unknown", stops -> {
                    TracefsSignalSource signals = new TracefsSignalSource(paths.tracefs(), config.traceInstance(), clock,
                            this::enqueue, problem -> log.once("tracefs:" + problem, "tracefs: " + problem), stops);
                    signals.start();
                    return signals;
                }), started);
    }

    private void startOrRetry(SourceSupervisor.Spec spec, List<String> started) {
        if (sources.startOrRetry(spec)) {
            started.add(spec.name());
        }
    }

    /** Gives the store to {@code store.group}, so its members can read it; without it the store stays root's. */
    private void shareWithGroup() {
        config.storeGroup().ifPresent(group -> {
            try {
                StoreGroup.apply(storeDir, group);
            } catch (IOException e) {
                log.warning("store " + storeDir + " stays readable by root only: cannot give it to group '" + group
                        + "': " + e.getMessage() + " (set store.group, or store.group= for none)");
            }
        });
    }

    /**
     * A command line as it leaves {@code /proc}: the one place every identity (victim, sender, orphan) is read, so
     * with {@code store.redactSecrets} no secret reaches the process table, the store or the log.
     */
    private String redact(String cmdline) {
        return config.redactSecrets() ? CommandLineRedactor.redact(cmdline) : cmdline;
    }

    /** The last moment the previous run was known alive: its checkpoint's modification time. */
    private Optional<Instant> lastAlive() {
        try {
            FileTime t = Files.getLastModifiedTime(storeDir.resolve("checkpoint.json"));
            return Optional.of(t.toInstant()).filter(i -> i.isBefore(clock.instant()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void enqueue(Object item) {
        if (!queue.offer(item)) {
            overflow.incrementAndGet();
            log.once("queue-overflow", "the agent cannot keep up: its queue of " + QUEUE_CAPACITY
                    + " items is full; losses are recorded as a gap");
            LockSupport.unpark(writer);
        } else if (!isQuiet(item) || queue.size() >= QUIET_ITEMS) {
            LockSupport.unpark(writer); // null (not started yet): its first round drains the queue
        }
    }

    /**
     * An item that needs no prompt handling: a clean exit (status 0, no signal), which is never stored. Most exits on
     * a machine are clean, so the writer is not woken for them; it takes them at its next wake-up, which comes before
     * any death it could matter to is settled (so a {@code kill} command's own clean exit is known when its victim's
     * death is stored), or once {@link #QUIET_ITEMS} items wait.
     */
    static boolean isQuiet(Object item) {
        return item instanceof ProcessExit exit && exit.signal().isEmpty() && exit.exitCode().orElse(-1) == 0;
    }

    /**
     * The writer thread. It sleeps until the earliest deadline of the work it holds ({@link WriterWake}) or the next
     * item that needs it ({@link #isQuiet}), so an idle agent wakes about every 30 s (the checkpoint heartbeat)
     * rather than every flush interval.
     * Items come in bursts (every exit on the machine is one, and waits its settle time anyway): after a wake that
     * found items, it collects the next ones for up to a flush interval instead of waking for each, which still
     * flushes an item within about a flush interval of its arrival.
     */
    private void write() {
        Instant lastFlush = clock.instant();
        Instant lastFeedTick = clock.instant();
        Instant lastCheck = clock.instant();
        boolean collecting = false;
        try {
            while (!stopping || !queue.isEmpty()) {
                Duration wait = nextWake(lastFlush, lastFeedTick).waitFrom(clock.instant(), Recorder.HEARTBEAT);
                if (collecting) {
                    Duration nap = wait.compareTo(config.flushInterval()) < 0 ? wait : config.flushInterval();
                    Thread.sleep(nap.toMillis(), nap.toNanosPart() % 1_000_000);
                } else if (!wait.isZero()) {
                    LockSupport.parkNanos(this, wait.toNanos()); // enqueue unparks it for an item that needs it
                }
                // Stops taken before the drain: what a stopped source queued before it stopped is stored first
                List<SourceSupervisor.Stopped> stopped = sources.reportedStops();
                Object item = queue.poll();
                collecting = item != null;
                while (item != null) {
                    handle(item);
                    item = queue.poll();
                }
                sources.takeDown(stopped);
                long lost = overflow.getAndSet(0);
                if (lost > 0) {
                    Instant now = clock.instant();
                    Gap dropped = new Gap("agent", lastFlush, now, OptionalLong.of(lost),
                            "the agent's queue was full; these items were dropped", now);
                    recorder.fact(dropped);
                }
                recorder.tick();
                if (feed.busy(System.nanoTime())) {
                    feed.tick(System.nanoTime());
                    lastFeedTick = clock.instant();
                }
                sources.retryDue();
                // Sources that can go quiet without a failed read are asked about as often as missing ones are retried,
                // at wakes that come anyway (the heartbeat): a stop found is taken down at the next wake.
                if (Duration.between(lastCheck, clock.instant()).compareTo(retryEvery) >= 0) {
                    sources.checkRunning();
                    lastCheck = clock.instant();
                }
                // A flush with nothing to write only writes the heartbeat (and enforces retention, which waits for it)
                Instant now = clock.instant();
                boolean due = recorder.unflushed() || unwritableSince != null || !now.isBefore(recorder.checkpointDue());
                if (due && Duration.between(lastFlush, now).compareTo(config.flushInterval()) >= 0) {
                    flush();
                    lastFlush = clock.instant();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            writerFailure = e;
            log.error("store writer stopped: " + e);
        }
    }

    /** The deadlines of what the writer holds now; see {@link #write}. */
    private WriterWake nextWake(Instant lastFlush, Instant lastFeedTick) {
        Instant nextFlush = lastFlush.plus(config.flushInterval());
        // The heartbeat is written by a flush, which waits for the flush interval like any other.
        Instant heartbeat = recorder.checkpointDue().isAfter(nextFlush) ? recorder.checkpointDue() : nextFlush;
        // A settled exit is seen once flushed, and flushes are a flush interval apart: waking to settle one earlier
        // than the next flush may happen gains nothing (and with many deaths a second, would wake for each).
        Optional<Instant> settle = recorder.settleDue().map(at -> at.isAfter(nextFlush) ? at : nextFlush);
        return new WriterWake(
                recorder.unflushed() || unwritableSince != null ? Optional.of(nextFlush) : Optional.empty(),
                settle, heartbeat,
                sources.nextRetry(),
                feed.busy(System.nanoTime()) ? Optional.of(lastFeedTick.plus(config.flushInterval())) : Optional.empty());
    }

    private void handle(Object item) {
        if (item instanceof KernelRecord r) {
            recorder.kernel(r);
        } else {
            recorder.fact((Fact) item);
        }
    }

    private void flush() {
        try {
            recorder.flush();
            if (unwritableSince != null) {
                writableAgain();
            }
        } catch (EventStore.NoRoomException e) {
            metrics.storeWriteFailed();
            if (unwritableSince == null) {
                unwritableSince = clock.instant();
                log.error(e.getMessage() + "; the agent keeps recording, holds up to "
                        + (EventStore.MAX_PENDING_BYTES >> 20) + " MiB and retries every flush (logged once until it"
                        + " can write again)");
            }
        } catch (IOException e) {
            metrics.storeWriteFailed();
            log.once("flush", "cannot write the store " + storeDir + ": " + e.getMessage());
        }
    }

    /** The store took what it held: say for how long it could not, and store what it had to drop as a gap. */
    private void writableAgain() {
        Instant now = clock.instant();
        long lost = store.takeDropped();
        log.info("store " + storeDir + " writable again after " + Duration.between(unwritableSince, now).toSeconds()
                + " s; " + (lost == 0 ? "nothing was lost" : lost + " entries were dropped, recorded as a gap"));
        if (lost > 0) {
            Gap dropped = new Gap("store", unwritableSince, now, OptionalLong.of(lost), "the store could not be"
                    + " written (disk full?) and the " + (EventStore.MAX_PENDING_BYTES >> 20) + " MiB held in memory"
                    + " were full: exits, signals and kernel records of this time were dropped", now);
            recorder.fact(dropped);
        }
        unwritableSince = null;
    }

    /**
     * Takes new settings (SIGHUP): exit filter, windows, flush interval and redaction apply at once
     * (redaction to identities read from then on); store bounds apply at the next start, and the log
     * says so.
     */
    public void reconfigure(AgentConfig next) {
        List<String> later = config.restartOnlyChanges(next);
        if (!later.isEmpty()) {
            log.warning(String.join(", ", later) + " changed in the configuration; they apply when the agent restarts");
        }
        config = config.reloaded(next);
        recorder.reconfigure(config);
        LockSupport.unpark(writer); // its next wake-up may depend on the new intervals
        log.info("configuration reloaded");
    }

    /** Stops the sources, stores what is still queued or settling, flushes, checkpoints and releases the store. */
    @Override
    public void close() throws IOException {
        if (sources != null) {
            sources.close(); // none starts late after this, nor counts as stopped
        }
        stopping = true;
        LockSupport.unpark(writer);
        if (writer != null) {
            try {
                writer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (recorder != null) {
            sources.endOutages();
            recorder.drain();
            recorder.flush();
        }
        if (feed != null) {
            feed.close();
        }
        if (store != null) {
            store.close();
        }
        if (writerFailure != null) {
            throw new IOException("the store writer failed: " + writerFailure, writerFailure);
        }
    }
}
