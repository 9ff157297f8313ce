package dev.whokilled.agent.source.journal;

import dev.whokilled.agent.source.LogSink;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.reader.JournalRecords;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.WallTime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the journal through {@code journalctl -f -o json} on its own thread and hands the
 * entries the rules can use to a sink; restarts journalctl when it exits, resuming after the last
 * entry it read. Thread-safe to start and close from another thread; the sink is called from the
 * reader thread only.
 *
 * <p>What is read: entries of the userspace writers the rules parse ({@link #IDENTIFIERS}) and the
 * kernel's records ({@code _TRANSPORT=kernel}; not {@code -k}, which silently limits the read to
 * the current boot and would skip the kernel records of a boot the agent missed). journalctl ORs
 * matches on one field and separates alternatives with {@code +}, so one filter selects both. It
 * is the same filter in both {@link Mode}s on purpose: a checkpointed cursor then always names an
 * entry the filter selects, whichever mode wrote it.
 *
 * <p>Duplicates with kmsg: with {@link Mode#USERSPACE} (kmsg is read) the kernel transport's
 * entries are dropped here, userspace lines written into {@code /dev/kmsg} included, since the
 * kmsg source delivers all of them; only entries journald received itself (its native socket,
 * syslog, stdout) are handed over, and kmsg never sees those. With {@link Mode#WITH_KERNEL} (kmsg
 * unreadable) everything is handed over.
 *
 * <p>Where it starts: after the checkpointed cursor when there is one. journalctl's
 * {@code --after-cursor} skips one entry without checking that it is the cursor's, so an entry is
 * lost silently when the cursor's entry was vacuumed; the source passes {@code --cursor} instead
 * and drops the first entry only when it is the cursor's own. When it is not, the journal no longer
 * holds that entry and what was between is lost: a gap. Without a cursor (first start) it reads the
 * current boot from its start, as the kmsg source reads the whole ring on first start: deaths of
 * this boot before the agent started are recorded, and nothing from the journal was stored yet.
 * A cursor journalctl rejects is a gap too, and reading continues from now.
 *
 * <p>journalctl exiting is not a stop: it is restarted. Only a failure of the reader thread itself (a bug, a sink
 * that throws) ends the source; the {@link StopListener} is told.
 */
public final class JournalSource implements AutoCloseable {
    /**
     * The {@code SYSLOG_IDENTIFIER}s of the writers whose lines the userspace parser knows
     * (rules/userspace/patterns.tsv): systemd (PID 1 and user managers: unit results, stop
     * timeouts, kills), systemd-oomd, earlyoom. Other systemd daemons' "Received SIGTERM" lines are
     * not followed: journalctl matches whole values, and listing every daemon would be a guess.
     */
    public static final List<String> IDENTIFIERS = List.of("systemd", "systemd-oomd", "earlyoom");

    /** Whether the kernel's records are handed over too. */
    public enum Mode {
        /** Userspace lines only: the kmsg source delivers the kernel's records. */
        USERSPACE,
        /** Userspace lines and kernel records: {@code /dev/kmsg} is unreadable, the journal stands in for it. */
        WITH_KERNEL
    }


    /**
     * How long to wait before restarting journalctl: {@code first}, doubled after every run that
     * delivered nothing, up to {@code max}.
     */
    public record Retry(Duration first, Duration max) {
        public static final Retry DEFAULT = new Retry(Duration.ofSeconds(1), Duration.ofMinutes(1));

        public Retry {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(max, "max");
            if (first.isNegative() || first.isZero()) {
                throw new IllegalArgumentException("retry.first must be positive: " + first);
            }
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("retry.max must not be below retry.first: " + max + " < " + first);
            }
        }
    }

    private static final int STDERR_LINES = 5;

    private final Path journalctl;
    private final Mode mode;
    private final Optional<String> resumeAfter;
    private final Clock clock;
    private final Retry retry;
    private final LogSink sink;
    private final Consumer<String> problems;
    private final StopListener stops;
    private final CountDownLatch closed = new CountDownLatch(1);
    private Process process;
    private Thread reader;

    /**
     * @param journalctl the journalctl binary
     * @param resumeAfter the cursor of the last entry already stored (checkpoint), or empty on first start
     * @param problems one line per problem (journalctl exited, unreadable output), for the agent's log
     * @param stops told when the reader thread fails, from that thread; not when {@link #close} stops it
     */
    public JournalSource(Path journalctl, Mode mode, Optional<String> resumeAfter, Clock clock, Retry retry, LogSink sink,
                         Consumer<String> problems, StopListener stops) {
        this.journalctl = Objects.requireNonNull(journalctl, "journalctl");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.resumeAfter = Objects.requireNonNull(resumeAfter, "resumeAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.stops = Objects.requireNonNull(stops, "stops");
    }

    /** Starts journalctl and the reader; throws when journalctl cannot be run. */
    public synchronized void start() throws IOException {
        if (!Files.isExecutable(journalctl)) {
            throw new IOException(journalctl + " is not an executable file");
        }
        Position first = resumeAfter.<Position>map(Position.Cursor::new).orElse(Position.CURRENT_BOOT);
        process = launch(first);
        Process launched = process;
        reader = new Thread(() -> runUntilStopped(first, launched), "journal-source");
        reader.setDaemon(true);
        reader.start();
    }

    /** Where a journalctl run starts reading. */
    private sealed interface Position {
        Position CURRENT_BOOT = new Boot();

        /** At the entry of this cursor, which was read before: it comes first and is dropped. */
        record Cursor(String cursor) implements Position {
        }

        /** The current boot from its start. */
        record Boot() implements Position {
        }

        /** Entries received from this time on. */
        record Since(Instant from) implements Position {
        }
    }

    /** The arguments of one journalctl run. */
    private List<String> command(Position from) {
        List<String> cmd = new ArrayList<>(List.of(journalctl.toString(), "--follow", "--no-tail", "--output=json",
                "--no-pager"));
        if (from instanceof Position.Cursor c) {
            cmd.add("--cursor=" + c.cursor());
        } else if (from instanceof Position.Since s) {
            cmd.add("--since=@" + s.from().getEpochSecond() + "." + String.format("%06d", s.from().getNano() / 1000));
        } else {
            cmd.add("--boot");
        }
        IDENTIFIERS.forEach(id -> cmd.add("SYSLOG_IDENTIFIER=" + id));
        cmd.add("+");
        cmd.add("_TRANSPORT=kernel");
        return cmd;
    }

    private Process launch(Position from) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(from));
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return pb.start();
    }

    /** {@link #run}, telling the stop listener when it fails rather than when it is closed. */
    private void runUntilStopped(Position first, Process firstProcess) {
        try {
            run(first, firstProcess);
        } catch (RuntimeException e) {
            if (closed.getCount() > 0) {
                stops.stopped(StopListener.Stop.of(clock.instant(), e));
            }
        }
    }

    private void run(Position first, Process firstProcess) {
        Position from = first;
        Process p = firstProcess;
        Duration wait = Duration.ZERO;
        while (true) {
            Run run = follow(p, from);
            int status = waitFor(p);
            if (closed.getCount() == 0) {
                return;
            }
            String why = "journalctl exited with status " + status + run.stderr();
            if (from instanceof Position.Cursor c && run.entries() == 0 && run.stderr().contains("cursor")) {
                // journalctl rejected the cursor ("Failed to seek to cursor"): nothing after it can be found.
                Instant now = clock.instant();
                Instant since = cursorTime(c.cursor()).filter(t -> !t.isAfter(now)).orElse(now);
                sink.gap(new Gap("journal", since, now, OptionalLong.empty(), "journalctl rejected the checkpointed"
                        + " cursor; journal entries from its time until now were not read", now));
                from = new Position.Since(now);
            } else if (run.lastCursor().isPresent()) {
                from = new Position.Cursor(run.lastCursor().get());
            }
            wait = run.entries() > 0 || wait.isZero() ? retry.first() : min(wait.multipliedBy(2), retry.max());
            problems.accept(why + "; restarting it in " + wait.toMillis() + " ms");
            p = null;
            while (p == null) {
                if (await(wait)) {
                    return;
                }
                try {
                    p = launchUnlessClosed(from);
                    if (p == null) {
                        return;
                    }
                } catch (IOException e) {
                    wait = min(wait.multipliedBy(2), retry.max());
                    problems.accept("cannot run " + journalctl + ": " + e.getMessage() + "; retrying in "
                            + wait.toMillis() + " ms");
                }
            }
        }
    }

    private synchronized Process launchUnlessClosed(Position from) throws IOException {
        if (closed.getCount() == 0) {
            return null;
        }
        process = launch(from);
        return process;
    }

    /** What one journalctl run delivered. */
    private record Run(long entries, Optional<String> lastCursor, String stderr) {
    }

    /** Reads one journalctl run to its end; {@code entries} counts the lines that were journal entries. */
    private Run follow(Process p, Position from) {
        Deque<String> stderr = new ArrayDeque<>();
        Thread errors = drain(p.getErrorStream(), stderr);
        Optional<String> expected = from instanceof Position.Cursor c ? Optional.of(c.cursor()) : Optional.empty();
        Optional<String> last = Optional.empty();
        long entries = 0;
        long unreadable = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Optional<KernelRecord> parsed = JournalRecords.parse(line);
                if (parsed.isEmpty()) {
                    if (!line.isEmpty() && unreadable++ == 0) {
                        problems.accept("journalctl printed a line that is not a journal entry with a MESSAGE; skipped"
                                + " (first 200 characters: " + line.substring(0, Math.min(200, line.length())) + ")");
                    }
                    continue;
                }
                entries++;
                KernelRecord r = parsed.get();
                Optional<String> cursor = Optional.ofNullable(r.context().get("__CURSOR"));
                if (expected.isPresent()) {
                    String resumed = expected.get();
                    expected = Optional.empty();
                    if (cursor.equals(Optional.of(resumed))) {
                        last = cursor;
                        continue;
                    }
                    lostBefore(resumed, r);
                }
                last = cursor.isPresent() ? cursor : last;
                if (mode == Mode.USERSPACE && "kernel".equals(r.context().get("_TRANSPORT"))) {
                    continue;
                }
                sink.record(r);
            }
        } catch (IOException e) {
            // The pipe was closed under us (close()) or journalctl died; its exit status says which.
        }
        try {
            errors.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String err;
        synchronized (stderr) {
            err = stderr.isEmpty() ? "" : ": " + String.join(" / ", stderr);
        }
        return new Run(entries, last, err);
    }

    /** The checkpointed entry is gone from the journal: what lay between it and {@code first} may be lost. */
    private void lostBefore(String cursor, KernelRecord first) {
        Instant now = clock.instant();
        Instant to = first.stamp().wallTime().map(WallTime::instant).orElse(now);
        Instant from = cursorTime(cursor).filter(t -> !t.isAfter(to)).orElse(to);
        sink.gap(new Gap("journal", from, to, OptionalLong.empty(), "the journal no longer holds the last entry the"
                + " agent stored (vacuumed or rotated away); entries between it and the next one read may be lost", now));
    }

    /** The wall time in a cursor ({@code t=} hexadecimal microseconds), if it has a readable one. */
    static Optional<Instant> cursorTime(String cursor) {
        for (String part : cursor.split(";")) {
            if (part.startsWith("t=") && part.length() > 2 && part.length() <= 18) {
                try {
                    long micros = Long.parseUnsignedLong(part.substring(2), 16);
                    return micros < 0 ? Optional.empty()
                            : Optional.of(Instant.EPOCH.plusSeconds(micros / 1_000_000).plusNanos(micros % 1_000_000 * 1000));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Thread drain(InputStream err, Deque<String> tail) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (tail) {
                        tail.addLast(line.strip());
                        if (tail.size() > STDERR_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // The process is gone.
            }
        }, "journal-source-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int waitFor(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // close() interrupts only the retry wait; keep reaping.
            }
        }
    }

    /** Waits, or returns true at once when the source is closed. */
    private boolean await(Duration d) {
        try {
            return closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops journalctl (SIGTERM, then SIGKILL), closes its pipes and waits for the reader thread. */
    @Override
    public void close() throws IOException {
        Process p;
        Thread t;
        synchronized (this) {
            closed.countDown();
            p = process;
            t = reader;
        }
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.getInputStream().close();
            p.getErrorStream().close();
        }
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                throw new IOException("the journal reader thread did not stop within 2 s");
            }
        }
    }
}
