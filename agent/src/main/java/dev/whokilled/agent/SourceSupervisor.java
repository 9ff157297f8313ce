package dev.whokilled.agent;

import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.metrics.AgentMetrics.Source;
import dev.whokilled.agent.source.SelfCheck;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Gap;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Which of the agent's sources run, and which it waits for. Thread-safe: the agent starts and closes sources from its
 * controlling thread, its writer thread takes stops down and retries, and sources report stops from their own
 * threads.
 *
 * <p>A source is missing from when it could not start, or from when it said it stopped on its own
 * ({@link StopListener}); then {@code whokilled_source_up} is 0, the log says so once, and it is started again every
 * {@code retryEvery} until it runs. The time it was missing is stored as one gap when it is back (or when the agent
 * closes first), so {@code list} and {@code explain} say what was not observed then. A source closed by
 * {@link #close} is not a stop.
 *
 * <p>A stop is taken down in two steps around the writer's draining of its queue ({@link #reportedStops},
 * {@link #takeDown}): the items the source queued before it stopped are then stored before it is started again, so
 * a restarted log source resumes after the last record stored, not before it.
 */
final class SourceSupervisor {
    /** Opens one source and starts it, telling it where to report a stop; throws when it cannot start. */
    @FunctionalInterface
    interface Starter {
        AutoCloseable start(StopListener stops) throws IOException;
    }

    /**
     * One of the agent's sources.
     *
     * @param name how the log and the gaps name it: "exits (proc connector)"
     * @param consequence what it means while it does not run, for the log and the gap: "deaths are explained from the
     *     kernel log only"
     */
    record Spec(String name, Source source, String consequence, Starter starter) {
        Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(consequence, "consequence");
            Objects.requireNonNull(starter, "starter");
        }
    }

    /** A stop a source reported, not yet taken down. */
    record Stopped(Spec spec, StopListener.Stop stop) {
    }

    private record Running(Spec spec, AutoCloseable source) {
    }

    /**
     * A source that does not run, since when and why, and when it is tried next.
     *
     * @param stop the stop that ended it; empty when it could not start
     */
    private record Missing(Spec spec, Instant since, Optional<StopListener.Stop> stop, Instant nextTry) {
        Missing retriedAt(Instant now, Duration every) {
            return new Missing(spec, since, stop, now.plus(every));
        }

        /** The gap of this outage, until {@code now}. */
        Gap gap(Instant now) {
            String why = stop.map(s -> " stopped (" + s.reason() + "): ").orElse(" could not start: ");
            Instant from = since.isAfter(now) ? now : since;
            return new Gap(spec.source().gapSource(), from, now, OptionalLong.empty(), spec.name() + why + spec.consequence(),
                    now);
        }
    }

    private final Clock clock;
    private final AgentLog log;
    private final AgentMetrics metrics;
    private final Duration retryEvery;
    private final Consumer<Gap> gaps;
    private final Runnable wake;
    /** Guards {@link #running}, {@link #missing} and {@link #closing}. */
    private final Object lock = new Object();
    private final Deque<Running> running = new ArrayDeque<>();
    private final List<Missing> missing = new ArrayList<>();
    private final Queue<Stopped> stops = new ConcurrentLinkedQueue<>();
    private boolean closing;

    /**
     * @param retryEvery how long a missing source waits before it is tried (again)
     * @param gaps stores the gap of an outage; called on the thread that retries, or the one that ends the outages
     * @param wake wakes the writer thread, which takes a reported stop down
     */
    SourceSupervisor(Clock clock, AgentLog log, AgentMetrics metrics, Duration retryEvery, Consumer<Gap> gaps,
                     Runnable wake) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.retryEvery = Objects.requireNonNull(retryEvery, "retryEvery");
        this.gaps = Objects.requireNonNull(gaps, "gaps");
        this.wake = Objects.requireNonNull(wake, "wake");
    }

    /** Starts a source now, or throws why it cannot; one that cannot is not retried. */
    void start(Spec spec) throws IOException {
        AutoCloseable source = launch(spec);
        synchronized (lock) {
            running.push(new Running(spec, source));
        }
        metrics.started(spec.source());
    }

    /** Starts a source now, or logs why it cannot and retries it every {@code retryEvery}; returns whether it started. */
    boolean startOrRetry(Spec spec) {
        try {
            start(spec);
            return true;
        } catch (IOException e) {
            log.warning(spec.name() + " unavailable: " + e.getMessage() + "; " + spec.consequence() + " (retried every "
                    + every() + ")");
            Instant now = clock.instant();
            synchronized (lock) {
                missing.add(new Missing(spec, now, Optional.empty(), now.plus(retryEvery)));
            }
            return false;
        }
    }

    private void reported(Spec spec, StopListener.Stop stop) {
        stops.add(new Stopped(spec, stop));
        wake.run();
    }

    /** The stops reported so far; take them before draining the writer's queue, and {@link #takeDown} them after. */
    List<Stopped> reportedStops() {
        List<Stopped> taken = new ArrayList<>();
        for (Stopped s = stops.poll(); s != null; s = stops.poll()) {
            taken.add(s);
        }
        return taken;
    }

    /**
     * Marks each stopped source missing (series 0, one log line, retried from {@code retryEvery} after its stop) and
     * closes it, which releases what it held (a tracefs instance, a netlink socket, journalctl). Writer thread.
     */
    void takeDown(List<Stopped> stopped) {
        for (Stopped s : stopped) {
            Running dead = null;
            synchronized (lock) {
                if (closing) {
                    return; // the agent is closing every source anyway
                }
                for (Iterator<Running> it = running.iterator(); it.hasNext() && dead == null; ) {
                    Running r = it.next();
                    if (r.spec() == s.spec()) {
                        dead = r;
                        it.remove();
                    }
                }
                if (dead == null) {
                    continue; // it stopped while starting, and its start failed: it is missing already
                }
                missing.add(new Missing(s.spec(), s.stop().since(), Optional.of(s.stop()),
                        s.stop().since().plus(retryEvery)));
            }
            metrics.stopped(s.spec().source());
            log.error(s.spec().name() + " stopped: " + s.stop().reason() + "; " + s.spec().consequence()
                    + " (retried every " + every() + ")");
            closeQuietly(dead.source());
        }
    }

    /** When a missing source is tried next, if one is missing. */
    Optional<Instant> nextRetry() {
        synchronized (lock) {
            return missing.stream().map(Missing::nextTry).min(Instant::compareTo);
        }
    }

    /** Asks the running sources that can tell ({@link SelfCheck}) whether they still observe. Writer thread. */
    void checkRunning() {
        List<Running> now;
        synchronized (lock) {
            now = List.copyOf(running); // the checks read files: not while holding the lock close() waits for
        }
        for (Running r : now) {
            if (r.source() instanceof SelfCheck checked) {
                checked.check();
            }
        }
    }

    /**
     * Tries the missing sources whose time has come; one that starts stores the gap of its outage. Writer thread. A
     * start runs outside the lock (it may spawn journalctl or wait for a stale tracefs instance), so {@link #close} is
     * not held up by it; a source started while the supervisor closed is closed at once.
     */
    void retryDue() {
        List<Missing> due;
        synchronized (lock) {
            Instant now = clock.instant();
            due = closing ? List.of() : missing.stream().filter(m -> !now.isBefore(m.nextTry())).toList();
        }
        for (Missing m : due) {
            Instant tried = clock.instant();
            try {
                AutoCloseable source = launch(m.spec());
                boolean kept;
                synchronized (lock) {
                    kept = !closing;
                    if (kept) {
                        missing.remove(m);
                        running.push(new Running(m.spec(), source));
                    }
                }
                if (!kept) {
                    closeQuietly(source);
                    return;
                }
                back(m, clock.instant());
            } catch (IOException e) {
                synchronized (lock) {
                    missing.set(missing.indexOf(m), m.retriedAt(tried, retryEvery));
                }
                log.once("retry:" + m.spec().name() + ":" + e.getMessage(), m.spec().name() + " still unavailable: "
                        + e.getMessage());
            }
        }
    }

    /** Starts the source, telling it where to report a stop. */
    private AutoCloseable launch(Spec spec) throws IOException {
        return spec.starter().start(stop -> reported(spec, stop));
    }

    private void back(Missing m, Instant now) {
        metrics.started(m.spec().source());
        store(m, now);
        long seconds = Duration.between(m.since(), now).toSeconds();
        log.info(m.stop().map(s -> m.spec().name() + " is back after " + seconds + " s (it had stopped: " + s.reason()
                        + "); the time it was down is stored as a gap")
                .orElse(m.spec().name() + " started, " + seconds + " s late"));
    }

    /** Closes the running sources, last started first; none is started or taken down after this. */
    void close() {
        while (true) {
            Running r;
            synchronized (lock) {
                closing = true;
                r = running.poll();
            }
            if (r == null) {
                return;
            }
            closeQuietly(r.source());
        }
    }

    /**
     * Stores the gap of every source still missing, ending now: the agent stops before they are back (its next start
     * records the time it was down). Call after {@link #close}, once the writer has ended.
     */
    void endOutages() {
        List<Missing> left;
        synchronized (lock) {
            left = List.copyOf(missing);
            missing.clear();
        }
        Instant now = clock.instant();
        left.forEach(m -> store(m, now));
    }

    private void store(Missing m, Instant now) {
        gaps.accept(m.gap(now));
    }

    /** The retry interval as the log says it: "30 s" (a test's "200 ms"). */
    private String every() {
        return retryEvery.toMillis() % 1000 == 0 ? retryEvery.toSeconds() + " s" : retryEvery.toMillis() + " ms";
    }

    private void closeQuietly(AutoCloseable source) {
        try {
            source.close();
        } catch (Exception e) {
            log.warning("closing " + source.getClass().getSimpleName() + " failed: " + e.getMessage());
        }
    }
}
