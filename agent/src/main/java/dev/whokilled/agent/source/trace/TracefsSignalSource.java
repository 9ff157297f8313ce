package dev.whokilled.agent.source.trace;

import dev.whokilled.agent.source.SelfCheck;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.trace.CpuBufferStats;
import dev.whokilled.rules.trace.SignalGenerateFilter;
import dev.whokilled.rules.trace.SignalGenerateLineParser;
import dev.whokilled.rules.trace.TraceLineOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The signal source: a private tracefs instance recording {@code signal:signal_generate} for the signals whose
 * default action ends a process, read from its {@code trace_pipe} on one thread of its own. Thread-safe: facts and
 * problems are delivered on the reader thread; {@link #start()}, {@link #checkLossCounters()} and {@link #close()}
 * may be called from any thread.
 *
 * <p>Setup (in {@link #start()}), all inside {@code <tracefsRoot>/instances/<instanceName>}, never in the global
 * buffer or another instance:
 * <ol>
 *   <li>A leftover instance of the same name (an earlier agent that crashed) is removed first. rmdir of an instance
 *       works with its events still enabled; it fails with EBUSY while someone has its {@code trace_pipe} open, and
 *       then the source refuses to start rather than disturb that reader.</li>
 *   <li>{@code trace_clock} = {@code mono}: timestamps in CLOCK_MONOTONIC, the proc connector's clock.</li>
 *   <li>{@code options/record-tgid} = 1: each line carries the sender's thread group, not just its thread.</li>
 *   <li>{@code buffer_size_kb} = {@value #BUFFER_SIZE_KB} per CPU: at about 50 bytes an event, some 20,000
 *       events of slack per CPU while the reader is descheduled.</li>
 *   <li>The event filter {@link SignalGenerateFilter#FATAL_BY_DEFAULT}, read back to check the kernel took it
 *       verbatim (a rejected expression fails the write with EINVAL, and the file then shows the parse error).</li>
 *   <li>The event's {@code enable} = 1, then {@code tracing_on} = 1.</li>
 * </ol>
 *
 * <p>Each line becomes a {@link dev.whokilled.rules.live.SignalSent} stamped with the injected clock; the sender's
 * identity is left empty for the agent to fill from its process table. Lost events become {@link Gap} facts, from
 * {@code CPU:N [LOST M EVENTS]} lines and from the per-CPU {@code stats} counters (see {@link LossLedger}); the
 * counters are read after every LOST line, at close, and whenever {@link #checkLossCounters()} is called.
 *
 * <p>Reading uses a plain blocking {@link FileChannel}: closing the channel from another thread wakes the reader
 * (in about 20 ms, measured on kernel 6.18). {@code trace_pipe} returns end-of-file once tracing is off and the
 * buffer is drained; the reader then waits {@value #EOF_PAUSE_MS} ms and reads again. A read that fails (or a
 * failure of the reader itself) ends the reader: the {@link StopListener} is told, and the instance stays, with
 * tracing on, until {@link #close()} removes it. Tracing turned off in the instance by someone else (its
 * {@code tracing_on} or the event's {@code enable} set to 0) fails no read: the reader just sees nothing, so
 * {@link #check} looks at both and reports that as a stop.
 */
public final class TracefsSignalSource implements AutoCloseable, SelfCheck {
    /** The instance name the agent uses unless configured otherwise. */
    public static final String DEFAULT_INSTANCE = "whokilled";
    /** Ring buffer size per CPU, in KiB. */
    public static final int BUFFER_SIZE_KB = 1024;
    /** The {@link Gap#source()} of this source's gaps. */
    public static final String SOURCE = "tracefs";

    static final long EOF_PAUSE_MS = 100;
    private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Duration RMDIR_PATIENCE = Duration.ofMillis(500);
    private static final Duration DRAIN_PATIENCE = Duration.ofMillis(200);
    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int REPORTED_MALFORMED = 10;

    private final Path tracefsRoot;
    private final Path instance;
    private final Clock clock;
    private final Consumer<? super Fact> sink;
    private final Consumer<String> problems;
    private final StopListener stops;
    private final Object lock = new Object();
    private final LossLedger ledger = new LossLedger();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** The stop is reported once, by the reader or by {@link #check}, whichever finds it first. */
    private final AtomicBoolean stopReported = new AtomicBoolean();

    private FileChannel pipe;
    private Thread reader;
    private boolean started;
    private boolean closed;
    private Instant lastRead;
    /** When tracing was last known on in the instance: set on at start, found on by {@link #check}. */
    private Instant tracingLastSeenOn;
    private long malformed;

    /**
     * @param tracefsRoot where tracefs is mounted, normally {@code /sys/kernel/tracing}
     * @param instanceName the instance directory to own under {@code instances/}: letters, digits, {@code _ . -}
     * @param clock stamps {@code observedAt} of every fact
     * @param sink receives {@link dev.whokilled.rules.live.SignalSent} and {@link Gap} facts, on the reader thread
     * @param problems receives one-line warnings for the agent's log: unreadable lines, a failing sink
     * @param stops told when the reader fails, from the reader thread; not when {@link #close} stops it (the
     *     instance stays, with tracing on, until {@link #close} removes it)
     */
    public TracefsSignalSource(Path tracefsRoot, String instanceName, Clock clock, Consumer<? super Fact> sink,
                               Consumer<String> problems, StopListener stops) {
        this.tracefsRoot = Objects.requireNonNull(tracefsRoot, "tracefsRoot");
        Objects.requireNonNull(instanceName, "instanceName");
        if (!INSTANCE_NAME.matcher(instanceName).matches()) {
            throw new IllegalArgumentException("tracefs instance name must be 1-64 of [A-Za-z0-9_.-], not starting"
                    + " with '.' or '-': '" + instanceName + "'");
        }
        this.instance = tracefsRoot.resolve("instances").resolve(instanceName);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.stops = Objects.requireNonNull(stops, "stops");
    }

    /** The instance directory this source owns. */
    public Path instanceDir() {
        return instance;
    }

    /** How many {@code trace_pipe} lines could not be read so far (the first few are also sent to problems). */
    public long malformedLines() {
        synchronized (lock) {
            return malformed;
        }
    }

    /**
     * Creates and configures the instance, then starts the reader thread. On failure whatever was created is
     * removed again.
     *
     * @throws TracefsUnavailableException when tracefs is not mounted at the root or the instance is in use
     * @throws IOException when the kernel refuses a setting; the message names the file and the value
     * @throws IllegalStateException when called twice or after close
     */
    public void start() throws IOException {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException("tracefs signal source already " + (closed ? "closed" : "started"));
            }
            started = true;
            lastRead = clock.instant();
        }
        Path instances = tracefsRoot.resolve("instances");
        if (Files.isDirectory(tracefsRoot) && !Files.isExecutable(tracefsRoot)) {
            throw new TracefsUnavailableException("tracefs at " + tracefsRoot + " is open to root only (permission"
                    + " denied); signal attribution disabled (run the agent as root)");
        }
        if (!Files.isDirectory(instances)) {
            throw new TracefsUnavailableException("tracefs not mounted at " + tracefsRoot
                    + "; signal attribution disabled (mount it: mount -t tracefs nodev " + tracefsRoot + ")");
        }
        removeStale();
        try {
            Files.createDirectory(instance);
        } catch (FileAlreadyExistsException e) {
            throw new TracefsUnavailableException("tracefs instance " + instance + " appeared while starting;"
                    + " another agent is using it; signal attribution disabled", e);
        }
        try {
            configure();
            Path tracePipe = instance.resolve("trace_pipe");
            if (Files.notExists(tracePipe)) {
                // never on tracefs, which creates it with the instance; for a plain directory, as in write()
                Files.createFile(tracePipe);
            }
            FileChannel channel = FileChannel.open(tracePipe, StandardOpenOption.READ);
            Thread thread = new Thread(() -> readLoop(channel), "whokilled-tracefs-reader");
            thread.setDaemon(true);
            synchronized (lock) {
                pipe = channel;
                reader = thread;
                tracingLastSeenOn = clock.instant();
            }
            thread.start();
        } catch (IOException | RuntimeException e) {
            try {
                teardown();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void removeStale() throws IOException {
        if (!Files.exists(instance)) {
            return;
        }
        try {
            rmdirPatiently();
        } catch (FileSystemException e) {
            throw new TracefsUnavailableException("tracefs instance " + instance + " exists from an earlier run and"
                    + " cannot be removed (" + reason(e) + "); if another whokilled agent is reading it, stop that"
                    + " one or give this one another instance name; signal attribution disabled", e);
        }
        problems.accept("removed tracefs instance " + instance + " left by an earlier run");
    }

    private void configure() throws IOException {
        write("trace_clock", "mono");
        write("options/record-tgid", "1");
        write("buffer_size_kb", Integer.toString(BUFFER_SIZE_KB));
        String filter = SignalGenerateFilter.expression(SignalGenerateFilter.FATAL_BY_DEFAULT);
        write("events/signal/signal_generate/filter", filter);
        String accepted = readControl(instance.resolve("events/signal/signal_generate/filter")).strip();
        if (!accepted.equals(filter)) {
            throw new IOException("the kernel did not take the signal_generate filter: wrote '" + filter + "' to "
                    + instance.resolve("events/signal/signal_generate/filter") + ", read back '" + accepted + "'");
        }
        write("events/signal/signal_generate/enable", "1");
        write("tracing_on", "1");
    }

    private void write(String file, String value) throws IOException {
        Path path = instance.resolve(file);
        try {
            // tracefs fills a new instance with its control files and refuses to create others, so on tracefs the
            // two creating steps below are no-ops and a control file this kernel lacks still fails the write.
            // They exist for a plain directory standing in for tracefs (the unit tests' fake tree), which gets
            // the same files with the same contents.
            if (!Files.isDirectory(path.getParent())) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, value + "\n", StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + path + " (" + reason(e) + ")", e);
        }
    }

    /**
     * Reads a tracefs control file in one large read. Some of them answer only a read at offset 0 (the event
     * {@code filter} file returns end-of-file for any later offset), and they report size 0, so
     * {@link Files#readString} would get one byte of the filter and stop.
     */
    private static String readControl(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a file longer than one read is collected until end-of-file or 64 KiB
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads the per-CPU loss counters now and emits a {@link Gap} for each loss not reported yet. The agent may
     * call this periodically; the source calls it after each LOST line and at close.
     */
    public void checkLossCounters() throws IOException {
        for (Path cpuDir : cpuDirs()) {
            int cpu = Integer.parseInt(cpuDir.getFileName().toString().substring(3));
            Path statsFile = cpuDir.resolve("stats");
            String text;
            try {
                text = readControl(statsFile);
            } catch (NoSuchFileException e) {
                continue;
            }
            Optional<CpuBufferStats> stats = CpuBufferStats.parse(text);
            if (stats.isEmpty()) {
                throw new IOException("cannot read the loss counters in " + statsFile
                        + " (no entries/overrun/commit overrun/dropped events); trace losses may go unreported");
            }
            List<LossLedger.Loss> losses;
            Instant from;
            synchronized (lock) {
                losses = ledger.counters(cpu, stats.get());
                from = lastRead;
            }
            for (LossLedger.Loss loss : losses) {
                gap(from, OptionalLong.of(loss.count()), loss.reason());
            }
        }
    }

    private List<Path> cpuDirs() throws IOException {
        List<Path> dirs = new ArrayList<>();
        Path perCpu = instance.resolve("per_cpu");
        if (!Files.isDirectory(perCpu)) {
            return dirs;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(perCpu, "cpu[0-9]*")) {
            stream.forEach(dirs::add);
        }
        return dirs;
    }

    private long unreadEntries() throws IOException {
        long unread = 0;
        for (Path cpuDir : cpuDirs()) {
            try {
                unread += CpuBufferStats.parse(readControl(cpuDir.resolve("stats")))
                        .map(CpuBufferStats::entries).orElse(0L);
            } catch (NoSuchFileException e) {
                // a CPU without a stats file has nothing to drain
            }
        }
        return unread;
    }

    private void readLoop(FileChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        boolean discarding = false;
        try {
            while (stopping.getCount() > 0) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    stopping.await(EOF_PAUSE_MS, TimeUnit.MILLISECONDS);
                    continue;
                }
                byte[] bytes = buffer.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    if (!discarding) {
                        partial.write(bytes, start, i - start);
                        line(partial.toString(StandardCharsets.UTF_8));
                    }
                    partial.reset();
                    discarding = false;
                    start = i + 1;
                }
                if (!discarding) {
                    partial.write(bytes, start, n - start);
                    if (partial.size() > MAX_LINE_BYTES) {
                        problems.accept("tracefs: trace_pipe line longer than " + MAX_LINE_BYTES + " bytes skipped");
                        partial.reset();
                        discarding = true;
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // close() closed the channel to wake this thread: the normal way out
        } catch (IOException e) {
            stopped("reading " + instance.resolve("trace_pipe") + " failed (" + reason(e) + ")");
        } catch (RuntimeException e) {
            stopped("the reader failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped("the reader was interrupted");
        }
    }

    /**
     * Reports a stop when tracing was turned off in this source's instance since it started: a running source whose
     * {@code tracing_on} or event {@code enable} reads 0. Not before {@link #start()} has its reader, nor while closing.
     */
    @Override
    public void check() {
        // Turned off at some moment since the last check that found it on: the outage counts from then.
        Instant since;
        synchronized (lock) {
            if (reader == null || closed) {
                return; // not reading yet, or closing
            }
            since = tracingLastSeenOn;
        }
        for (String control : List.of("tracing_on", "events/signal/signal_generate/enable")) {
            try {
                if (readControl(instance.resolve(control)).strip().equals("0")) {
                    stopped(since, "tracing was turned off in its tracefs instance (" + instance.resolve(control)
                            + " = 0, not by the agent): fatal signals are not traced");
                    return;
                }
            } catch (IOException e) {
                stopped(since, "cannot read " + instance.resolve(control) + " (" + reason(e) + ")");
                return;
            }
        }
        synchronized (lock) {
            tracingLastSeenOn = clock.instant();
        }
    }

    /**
     * The reader ends on its own: events are not observed from now on (a read returns as soon as there is an event,
     * so the reader was caught up until now; events still in the buffer are counted when the source is closed).
     */
    private void stopped(String reason) {
        stopped(clock.instant(), reason);
    }

    private void stopped(Instant since, String reason) {
        if (stopping.getCount() == 0 || !stopReported.compareAndSet(false, true)) {
            return; // close() asked for it, or the stop is already reported
        }
        try {
            stops.stopped(new StopListener.Stop(since, reason));
        } catch (RuntimeException e) {
            problems.accept("tracefs: reader stopped (" + reason + ") and the stop listener failed: " + e);
        }
    }

    private void line(String text) {
        TraceLineOutcome outcome = SignalGenerateLineParser.parse(text);
        Instant now = clock.instant();
        Instant previous;
        synchronized (lock) {
            previous = lastRead;
            lastRead = now;
        }
        if (outcome instanceof TraceLineOutcome.Parsed parsed) {
            deliver(parsed.event().toSignalSent(now));
        } else if (outcome instanceof TraceLineOutcome.Lost lost) {
            lost(lost, previous);
        } else if (outcome instanceof TraceLineOutcome.Malformed bad) {
            long count;
            synchronized (lock) {
                count = ++malformed;
            }
            if (count <= REPORTED_MALFORMED) {
                problems.accept("tracefs: unreadable trace_pipe line (" + bad.reason() + "): " + bad.line()
                        + (count == REPORTED_MALFORMED ? " (further ones are only counted)" : ""));
            }
        }
    }

    private void lost(TraceLineOutcome.Lost lost, Instant since) {
        if (lost.count().isEmpty()) {
            gap(since, OptionalLong.empty(), "trace buffer of CPU " + lost.cpu()
                    + " overran: the kernel could not count the signal_generate events lost");
        } else {
            long fresh;
            synchronized (lock) {
                fresh = ledger.lostLine(lost.cpu(), lost.count().getAsLong());
            }
            if (fresh > 0) {
                gap(since, OptionalLong.of(fresh), "trace buffer of CPU " + lost.cpu() + " overran: " + fresh
                        + " signal_generate events overwritten before they were read");
            }
        }
        try {
            checkLossCounters();
        } catch (IOException e) {
            problems.accept("tracefs: " + e.getMessage());
        }
    }

    private void gap(Instant from, OptionalLong lost, String reason) {
        Instant now = clock.instant();
        Instant start = from.isAfter(now) ? now : from;
        deliver(new Gap(SOURCE, start, now, lost, reason, now));
    }

    private void deliver(Fact fact) {
        try {
            sink.accept(fact);
        } catch (RuntimeException e) {
            problems.accept("tracefs: the fact sink failed on " + fact + ": " + e);
        }
    }

    /**
     * Stops the event, lets the reader drain what is buffered (up to 200 ms), stops the reader, reports losses
     * (including events still unread), turns tracing off and removes the instance directory (retrying for 500 ms
     * while the kernel still holds it busy). Every step runs even if an earlier one failed.
     *
     * @throws IOException the first failure, with the others suppressed; the message names the file
     */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (!started) {
                return;
            }
        }
        teardown();
    }

    private void teardown() throws IOException {
        List<IOException> failures = new ArrayList<>();
        boolean exists = Files.isDirectory(instance);
        if (exists) {
            step(failures, () -> write("events/signal/signal_generate/enable", "0"));
            step(failures, this::drain);
        }
        stopReader(failures);
        if (exists) {
            step(failures, this::checkLossCounters);
            step(failures, () -> {
                long unread = unreadEntries();
                if (unread > 0) {
                    Instant from;
                    synchronized (lock) {
                        from = lastRead;
                    }
                    gap(from, OptionalLong.of(unread), unread + " signal_generate events were still unread in the"
                            + " trace buffer when the source closed");
                }
            });
            step(failures, () -> write("tracing_on", "0"));
            step(failures, () -> {
                try {
                    rmdirPatiently();
                } catch (IOException e) {
                    throw new IOException("cannot remove tracefs instance " + instance + " (" + reason(e)
                            + "); remove it with: rmdir " + instance, e);
                }
            });
        }
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
    }

    private void drain() throws IOException {
        long deadline = System.nanoTime() + DRAIN_PATIENCE.toNanos();
        boolean running;
        synchronized (lock) {
            running = reader != null;
        }
        while (running && unreadEntries() > 0 && System.nanoTime() < deadline) {
            sleep(10);
        }
    }

    private void stopReader(List<IOException> failures) {
        stopping.countDown();
        FileChannel channel;
        Thread thread;
        synchronized (lock) {
            channel = pipe;
            thread = reader;
        }
        if (channel != null) {
            step(failures, channel::close);
        }
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                failures.add(new IOException("tracefs reader thread did not stop within 2 s of closing "
                        + instance.resolve("trace_pipe")));
            }
        }
    }

    /** rmdir, retried while the kernel answers EBUSY (a trace_pipe reader not yet gone). */
    private void rmdirPatiently() throws IOException {
        long deadline = System.nanoTime() + RMDIR_PATIENCE.toNanos();
        while (true) {
            try {
                Files.delete(instance);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (DirectoryNotEmptyException e) {
                throw e;
            } catch (FileSystemException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(20);
            }
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void step(List<IOException> failures, Step step) {
        try {
            step.run();
        } catch (IOException e) {
            failures.add(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
