package dev.whokilled.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.explain.DeathStream;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.KernelRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The agent's exports see what {@code list} would say, once per death, with an id that names the death. */
class TerminationFeedTest {
    private static final Instant T0 = Instant.parse("2026-11-22T18:00:00Z");
    private static final long SECOND = 1_000_000_000L;
    private static final ProcessIdentity BASH = new ProcessIdentity(900, OptionalLong.of(100), OptionalInt.of(1),
            Optional.of("bash"), Optional.of("bash -c kill -9 4242"), OptionalLong.of(1000), Optional.empty());

    /** Keeps what it is given. */
    private static final class Recording implements TerminationSink {
        final List<ExportedTermination> got = new ArrayList<>();
        boolean closed;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String label() {
            return "recording";
        }

        @Override
        public void accept(ExportedTermination termination) {
            got.add(termination);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Fails for the deaths (counted from 0) it is told to, as a disk that fills up and is cleared would. */
    private static final class Flaky implements TerminationSink {
        Set<Integer> failing = Set.of();
        private int offered;

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public String label() {
            return "flaky";
        }

        @Override
        public void accept(ExportedTermination termination) throws IOException {
            if (failing.contains(offered++)) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public void close() {
        }
    }


    private static StoreEntry signal(int sig, int target, long monoNanos) {
        return StoreEntry.of(new SignalSent(sig, 0, target, Optional.of("sleep"), true, 0, 900, OptionalInt.of(900),
                Optional.of("bash"), monoNanos, T0, Optional.of(BASH)));
    }

    private static StoreEntry exit(int pid, int waitStatus, long monoNanos) {
        return StoreEntry.of(new ProcessExit(pid, waitStatus, monoNanos, T0, "boot", OptionalInt.of(900),
                Optional.of(new ProcessIdentity(pid, OptionalLong.of(200), OptionalInt.of(900), Optional.of("sleep"),
                        Optional.of("sleep 600"), OptionalLong.of(0), Optional.empty())), List.of()));
    }

    private static List<ExportedTermination> feedKill(Recording sink, TerminationSink... others) {
        List<TerminationSink> sinks = new ArrayList<>(List.of(others));
        sinks.add(sink);
        TerminationFeed feed = new TerminationFeed(sinks, new AgentLog(
                new PrintWriter(new StringWriter())), ExportSamples.metrics());
        feed.stored(signal(9, 4242, 10 * SECOND));
        feed.stored(exit(4242, 9, 10 * SECOND + 1_000));
        feed.tick(11 * SECOND);
        assertEquals(0, sink.got.size(), "held while a late kernel report may still come");
        feed.tick(20 * SECOND);
        return sink.got;
    }

    @Test
    void signalDeath_publishedOnceWithItsSender_afterItSettles() {
        Recording sink = new Recording();
        List<ExportedTermination> got = feedKill(sink);
        assertEquals(1, got.size());
        var t = got.get(0).termination();
        assertEquals(Cause.SIGNAL, t.cause());
        assertEquals(OptionalInt.of(900), t.killer().pid());
        assertEquals(OptionalInt.of(4242), t.subject().pid());
    }

    @Test
    void theSameDeath_getsTheSameId_anotherDeathAnother() {
        String first = feedKill(new Recording()).get(0).id();
        assertEquals(first, feedKill(new Recording()).get(0).id());

        Recording sink = new Recording();
        TerminationFeed feed = new TerminationFeed(List.of(sink), new AgentLog(
                new PrintWriter(new StringWriter())), ExportSamples.metrics());
        feed.stored(exit(4242, 9, 30 * SECOND));
        feed.tick(40 * SECOND);
        assertNotEquals(first, sink.got.get(0).id(), "the same pid dying later is another death");
    }

    @Test
    void aFailingSink_isLoggedOncePerOutage_countedEachTime_andTheOthersStillGetEveryTermination() {
        StringWriter log = new StringWriter();
        Recording sink = new Recording();
        Flaky flaky = new Flaky();
        AgentMetrics metrics = ExportSamples.metrics();
        TerminationFeed feed = new TerminationFeed(List.of(flaky, sink), new AgentLog(new PrintWriter(log, true)), metrics);
        // deaths 0-1 go through, 2-4 fail (disk full), 5-6 go through, 7 fails again
        flaky.failing = Set.of(2, 3, 4, 7);
        for (int i = 0; i < 8; i++) {
            feed.stored(exit(5000 + i, 15, (10 + i) * SECOND));
            feed.tick((12 + i) * SECOND + SECOND / 2);
        }
        feed.tick(60 * SECOND);

        assertEquals(8, sink.got.size(), "the healthy sink gets every termination");
        List<String> lines = log.toString().lines().toList();
        assertEquals(List.of(
                "<4>flaky export failed: No space left on device; terminations are still stored, and offered to it again"
                        + " (logged again when it works)",
                "<6>flaky export works again; 3 termination(s) were not exported to it (they are in the store: whokilled list)",
                "<4>flaky export failed: No space left on device; terminations are still stored, and offered to it again"
                        + " (logged again when it works)"), lines);
        assertTrue(metrics.render().contains("whokilled_export_failures_total{sink=\"flaky\"} 4\n"), metrics.render());
    }

    /** Ticks the feed as the agent's writer does: every 100 ms while it is busy, not at all once it is not. */
    private static long tickWhileBusy(TerminationFeed feed, long fromNanos) {
        long now = fromNanos;
        while (feed.busy(now)) {
            now += SECOND / 10;
            feed.tick(now);
        }
        return now;
    }

    @Test
    void busy_idleFeed_needsNoTicks() {
        TerminationFeed feed = new TerminationFeed(List.of(new Recording()),
                new AgentLog(new PrintWriter(new StringWriter())), ExportSamples.metrics());
        assertTrue(!feed.busy(10 * SECOND));
        feed.tick(10 * SECOND);
        assertTrue(!feed.busy(11 * SECOND));
    }

    @Test
    void busy_ticksOnlyWhileBusy_stillPublishTheDeathSecondsAfterIt() {
        Recording sink = new Recording();
        TerminationFeed feed = new TerminationFeed(List.of(sink), new AgentLog(
                new PrintWriter(new StringWriter())), ExportSamples.metrics());
        feed.stored(exit(4242, 9, 10 * SECOND));
        assertTrue(feed.busy(10 * SECOND));
        long quietAt = tickWhileBusy(feed, 10 * SECOND);
        assertEquals(1, sink.got.size());
        assertTrue(quietAt - 10 * SECOND >= TerminationFeed.quietAfter(DeathStream.STORED).toNanos());
    }

    @Test
    void busy_oomKillWithoutItsExit_stillPublished() {
        Recording sink = new Recording();
        TerminationFeed feed = new TerminationFeed(List.of(sink), new AgentLog(
                new PrintWriter(new StringWriter())), ExportSamples.metrics());
        feed.stored(StoreEntry.of(KernelRecord.kernel(0, 10_000_000, "Out of memory: Killed process 4242 (java)"
                + " total-vm:78028kB, anon-rss:65152kB, file-rss:6356kB, shmem-rss:0kB, UID:0 pgtables:188kB"
                + " oom_score_adj:0"), T0));
        tickWhileBusy(feed, 10 * SECOND);
        assertEquals(1, sink.got.size(), "kernel evidence whose exit never came is published before the feed goes quiet");
    }

    @Test
    void close_publishesWhatIsStillSettling_andClosesTheSinks() {
        Recording sink = new Recording();
        TerminationFeed feed = new TerminationFeed(List.of(sink), new AgentLog(
                new PrintWriter(new StringWriter())), ExportSamples.metrics());
        feed.stored(exit(4242, 9, 10 * SECOND));
        feed.close();
        assertEquals(1, sink.got.size());
        assertTrue(sink.closed);
    }
}
