package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.metrics.AgentMetrics.Source;
import dev.whokilled.agent.source.SelfCheck;
import dev.whokilled.agent.source.proc.ExitSource;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.agent.testing.MutableClock;
import dev.whokilled.rules.live.Gap;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The supervisor with a fake source that stops when the test says, driven as the agent's writer thread drives it:
 * the series goes 1, 0, 1; one gap covers the outage; the log says it stopped and is back; a normal close is no stop.
 */
class SourceSupervisorTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(T0);
    private final StringWriter logText = new StringWriter();
    private final AgentMetrics metrics = new AgentMetrics(OptionalLong::empty, OptionalLong::empty);
    private final List<Gap> gaps = new ArrayList<>();
    private final AtomicInteger wakes = new AtomicInteger();
    private final SourceSupervisor supervisor = new SourceSupervisor(clock, new AgentLog(new PrintWriter(logText)),
            metrics, RETRY, gaps::add, wakes::incrementAndGet);
    private final FakeStarter starter = new FakeStarter();
    private final SourceSupervisor.Spec spec = new SourceSupervisor.Spec("exits (proc connector)", Source.EXITS,
            "deaths are explained from the kernel log only", starter);

    /** Starts {@link FakeSource}s, or fails with {@link #failure} while it is set. */
    private static final class FakeStarter implements SourceSupervisor.Starter {
        final List<FakeSource> started = new ArrayList<>();
        volatile Optional<String> failure = Optional.empty();

        @Override
        public AutoCloseable start(StopListener stops) throws IOException {
            if (failure.isPresent()) {
                throw new IOException(failure.get());
            }
            FakeSource source = new FakeSource(stops);
            started.add(source);
            return source;
        }

        FakeSource last() {
            return started.get(started.size() - 1);
        }
    }

    /** A source whose thread "fails" when {@link #fail} is called, or that its check finds quiet once told since when. */
    private static final class FakeSource implements AutoCloseable, SelfCheck {
        final StopListener stops;
        boolean closed;
        int checks;
        Optional<Instant> quietSince = Optional.empty();

        FakeSource(StopListener stops) {
            this.stops = stops;
        }

        void fail(Instant at, String reason) {
            stops.stopped(new StopListener.Stop(at, reason));
        }

        @Override
        public void check() {
            checks++;
            quietSince.ifPresent(at -> fail(at, "tracing was turned off"));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private String up(Source source) {
        return sample("whokilled_source_up", source);
    }

    private String sample(String family, Source source) {
        String prefix = family + "{source=\"" + source.label() + "\"} ";
        return metrics.render().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()
                .substring(prefix.length());
    }

    /** One round of the agent's writer thread: stops taken before the (here empty) queue is drained, then retries. */
    private void writerRound() {
        List<SourceSupervisor.Stopped> stopped = supervisor.reportedStops();
        supervisor.takeDown(stopped);
        supervisor.retryDue();
    }

    private long count(String text) {
        return logText.toString().lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void quietSource_foundByItsCheck_isTakenDownRetriedAndItsOutageIsOneGap() {
        assertTrue(supervisor.startOrRetry(spec));
        supervisor.checkRunning();
        assertEquals(1, starter.last().checks);
        assertEquals("1", up(Source.EXITS));

        clock.advance(Duration.ofSeconds(10));
        Instant quietAt = clock.instant();
        starter.last().quietSince = Optional.of(quietAt);
        supervisor.checkRunning();
        writerRound();
        assertEquals("0", up(Source.EXITS));
        assertTrue(starter.last().closed, "the quiet source is closed");
        assertEquals(1, count("stopped: tracing was turned off"), logText::toString);

        clock.advance(RETRY);
        writerRound();
        assertEquals("1", up(Source.EXITS));
        assertEquals(2, starter.started.size(), "started again");
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals(quietAt, gaps.get(0).from());
        assertEquals(clock.instant(), gaps.get(0).to());
    }

    @Test
    void stop_thenRetried_seriesGoesDownAndBackAndOneGapCoversTheOutage() {
        assertTrue(supervisor.startOrRetry(spec));
        assertEquals("1", up(Source.EXITS));

        clock.advance(Duration.ofSeconds(10));
        Instant stoppedAt = clock.instant();
        starter.last().fail(stoppedAt, "recv(proc connector) failed: EBADF");
        assertEquals(1, wakes.get(), "the writer is woken to take the stop down");
        writerRound();
        assertEquals("0", up(Source.EXITS));
        assertTrue(starter.last().closed, "the stopped source is closed, releasing its socket");
        assertEquals(1, count("<3>exits (proc connector) stopped: recv(proc connector) failed: EBADF; deaths are"
                + " explained from the kernel log only (retried every 30 s)"), logText::toString);
        assertEquals(Optional.of(stoppedAt.plus(RETRY)), supervisor.nextRetry());

        clock.advance(RETRY.minusSeconds(1));
        writerRound();
        assertEquals(1, starter.started.size(), "not retried before retryEvery has passed since the stop");

        starter.failure = Optional.of("socket(NETLINK_CONNECTOR): EPERM");
        clock.advance(Duration.ofSeconds(1));
        writerRound();
        clock.advance(RETRY);
        writerRound();
        assertEquals("0", up(Source.EXITS));
        assertEquals(1, count("exits (proc connector) still unavailable: socket(NETLINK_CONNECTOR): EPERM"),
                "a retry failing the same way twice is logged once:\n" + logText);
        assertEquals(List.of(), gaps, "no gap while it is still down");

        starter.failure = Optional.empty();
        clock.advance(RETRY);
        writerRound();
        assertEquals("1", up(Source.EXITS));
        assertEquals(2, starter.started.size());
        assertEquals(1, gaps.size(), gaps::toString);
        Gap gap = gaps.get(0);
        assertEquals(stoppedAt, gap.from());
        assertEquals(clock.instant(), gap.to());
        assertEquals(Duration.ofSeconds(90), Duration.between(gap.from(), gap.to()));
        assertEquals("exits (proc connector) stopped (recv(proc connector) failed: EBADF): deaths are explained from"
                + " the kernel log only", gap.reason());
        assertEquals(1, count("<6>exits (proc connector) is back after 90 s (it had stopped: recv(proc connector)"
                + " failed: EBADF)"), logText::toString);
        assertEquals(Optional.empty(), supervisor.nextRetry());
        assertEquals(ExitSource.SOURCE, gap.source(), "named as the source's own gaps are, so counted with them");

        clock.advance(RETRY);
        writerRound();
        assertEquals(2, starter.started.size(), "a running source is not started again");
        assertEquals(1, gaps.size());
    }

    @Test
    void close_normalShutdown_isNoStopAndNothingRestarts() {
        assertTrue(supervisor.startOrRetry(spec));
        FakeSource source = starter.last();
        supervisor.close();
        assertTrue(source.closed);

        source.fail(clock.instant(), "reader failed while closing"); // a source that reports its own close anyway
        clock.advance(RETRY.multipliedBy(3));
        writerRound();
        supervisor.endOutages();

        assertEquals(1, starter.started.size(), "not restarted");
        assertEquals("1", up(Source.EXITS));
        assertEquals(0, count("stopped"), logText::toString);
        assertEquals(List.of(), gaps);
    }

    @Test
    void endOutages_agentStopsWhileTheSourceIsDown_storesTheGapUntilThen() {
        assertTrue(supervisor.startOrRetry(spec));
        Instant stoppedAt = clock.instant();
        starter.last().fail(stoppedAt, "reading trace_pipe failed (EIO)");
        writerRound();
        starter.failure = Optional.of("tracefs not mounted");
        clock.advance(Duration.ofSeconds(45));
        writerRound();

        supervisor.close();
        supervisor.endOutages();
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals(stoppedAt, gaps.get(0).from());
        assertEquals(stoppedAt.plusSeconds(45), gaps.get(0).to());
        assertTrue(gaps.get(0).reason().startsWith("exits (proc connector) stopped (reading trace_pipe failed (EIO))"),
                gaps.get(0).reason());
    }

    @Test
    void startOrRetry_cannotStartThenCan_startsLateWithTheGapOfTheWait() {
        starter.failure = Optional.of("socket(NETLINK_CONNECTOR): EPERM");
        assertFalse(supervisor.startOrRetry(spec));
        assertEquals("0", up(Source.EXITS));
        starter.failure = Optional.empty();
        clock.advance(RETRY);
        writerRound();

        assertEquals("1", up(Source.EXITS));
        assertEquals(1, gaps.size());
        assertEquals(T0, gaps.get(0).from());
        assertEquals(T0.plus(RETRY), gaps.get(0).to());
        assertEquals("exits (proc connector) could not start: deaths are explained from the kernel log only",
                gaps.get(0).reason());
        assertEquals(1, count("<6>exits (proc connector) started, 30 s late"), logText::toString);
    }
}
