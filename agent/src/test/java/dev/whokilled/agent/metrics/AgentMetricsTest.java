package dev.whokilled.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.TerminationFeed;
import dev.whokilled.agent.export.TerminationSink;
import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.agent.metrics.AgentMetrics.Source;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.analysis.LogAnalyzer;
import dev.whokilled.rules.explain.Explainer;
import dev.whokilled.rules.explain.IncidentCorrelator;
import dev.whokilled.rules.explain.Rules;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.reader.KernelLogReader;
import dev.whokilled.rules.reader.OpenOutcome;
import dev.whokilled.rules.reader.ReaderOptions;
import dev.whokilled.rules.reader.RecordStream;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The series the agent publishes, from what it counts: every family well-formed, low-cardinality labels. */
class AgentMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T18:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    private final AgentMetrics metrics = new AgentMetrics(() -> OptionalLong.of(8192), () -> OptionalLong.of(3));

    private Map<String, Double> scrape() {
        return StrictExposition.parse(metrics.render());
    }

    @Test
    void render_beforeAnything_hasEverySeriesThatAnAlertNeedsAtZero() {
        Map<String, Double> s = scrape();
        for (Source source : Source.values()) {
            assertEquals(0.0, s.get("whokilled_source_up{source=\"" + source.label() + "\"}"), source::toString);
        }
        for (String c : List.of("global", "memcg", "cpuset", "mempolicy", "unknown")) {
            assertEquals(0.0, s.get("whokilled_oom_kills_total{constraint=\"" + c + "\"}"), c);
        }
        for (String source : List.of("kmsg", "journal", "exits", "signals", "agent")) {
            assertEquals(0.0, s.get("whokilled_source_lost_events_total{source=\"" + source + "\"}"), source);
            assertEquals(0.0, s.get("whokilled_source_gaps_total{source=\"" + source + "\"}"), source);
        }
        assertEquals(0.0, s.get("whokilled_store_write_errors_total{}"));
        assertEquals(8192.0, s.get("whokilled_store_bytes{}"));
        assertEquals(3.0, s.get("whokilled_kernel_oom_kills{}"));
        assertTrue(s.keySet().stream().noneMatch(k -> k.startsWith("whokilled_terminations_total")), s::toString);
    }

    @Test
    void render_gaugeThatCannotBeRead_hasNoSample_neverAnInventedZero() {
        AgentMetrics blind = new AgentMetrics(OptionalLong::empty, OptionalLong::empty);
        String text = blind.render();
        Map<String, Double> s = StrictExposition.parse(text);
        assertFalse(s.containsKey("whokilled_kernel_oom_kills{}"), text);
        assertFalse(s.containsKey("whokilled_store_bytes{}"), text);
        assertTrue(text.contains("# TYPE whokilled_kernel_oom_kills gauge\n"), text);
    }

    @Test
    void started_setsItsSourceUp_only() {
        metrics.started(Source.KMSG);
        metrics.started(Source.SIGNALS);
        Map<String, Double> s = scrape();
        assertEquals(1.0, s.get("whokilled_source_up{source=\"kmsg\"}"));
        assertEquals(1.0, s.get("whokilled_source_up{source=\"signals\"}"));
        assertEquals(0.0, s.get("whokilled_source_up{source=\"exits\"}"));
        assertEquals(0.0, s.get("whokilled_source_up{source=\"journal\"}"));
    }

    @Test
    void gap_countsTheGap_andItsLostEventsWhenKnown_underTheMetricsSourceName() {
        metrics.gap(gap("kmsg", OptionalLong.of(17)));
        metrics.gap(gap("proc-connector", OptionalLong.empty())); // ENOBUFS: the kernel does not say how many
        metrics.gap(gap("tracefs", OptionalLong.of(2)));
        metrics.gap(gap("agent", OptionalLong.of(5)));
        metrics.gap(gap("something new", OptionalLong.of(1)));
        Map<String, Double> s = scrape();
        assertEquals(17.0, s.get("whokilled_source_lost_events_total{source=\"kmsg\"}"));
        assertEquals(1.0, s.get("whokilled_source_gaps_total{source=\"kmsg\"}"));
        assertEquals(0.0, s.get("whokilled_source_lost_events_total{source=\"exits\"}"));
        assertEquals(1.0, s.get("whokilled_source_gaps_total{source=\"exits\"}"));
        assertEquals(2.0, s.get("whokilled_source_lost_events_total{source=\"signals\"}"));
        assertEquals(5.0, s.get("whokilled_source_lost_events_total{source=\"agent\"}"));
        assertEquals(1.0, s.get("whokilled_source_lost_events_total{source=\"other\"}"));
    }

    @Test
    void storeWriteFailed_counts() {
        metrics.storeWriteFailed();
        metrics.storeWriteFailed();
        assertEquals(2.0, scrape().get("whokilled_store_write_errors_total{}"));
    }

    @Test
    void terminated_killWithAndWithoutSender_countedByCauseAndSignalName() {
        for (Termination t : feed(StoreEntry.of(new SignalSent(9, 0, 4242, Optional.of("sleep"), true, 0, 900,
                OptionalInt.of(900), Optional.of("kill"), 10 * SECOND, T0, Optional.empty())), exit(4242, 9, 10 * SECOND + 1000),
                exit(4243, 9, 11 * SECOND))) {
            metrics.terminated(t);
        }
        Map<String, Double> s = scrape();
        assertEquals(1.0, s.get("whokilled_terminations_total{cause=\"signal\",signal=\"SIGKILL\"}"), s::toString);
        assertEquals(1.0, s.get("whokilled_terminations_total{cause=\"unknown\",signal=\"SIGKILL\"}"), s::toString);
        assertTrue(s.keySet().stream().filter(k -> k.startsWith("whokilled_terminations_total"))
                .noneMatch(k -> k.contains("4242") || k.contains("sleep")), "no pid, no command: " + s);
    }

    @Test
    void terminated_kernelOomKill_countsItsConstraint() {
        String dmesg = """
                6,503,20000030,-;memory: usage 524288kB, limit 524288kB, failcnt 1200
                6,512,20000120,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=0-1,cpuset=kubepods,mems_allowed=0-1,oom_memcg=/kubepods/pod3a7f,task_memcg=/kubepods/pod3a7f/user-service,task=gunicorn,pid=18847,uid=1000
                3,513,20000130,-;Memory cgroup out of memory: Killed process 18847 (gunicorn) total-vm:560000kB, anon-rss:479000kB, file-rss:1000kB, shmem-rss:0kB, UID:1000 pgtables:1024kB oom_score_adj:985
                """;
        List<Termination> oom = explain(dmesg);
        assertEquals(1, oom.size(), oom::toString);
        metrics.terminated(oom.get(0));
        Map<String, Double> s = scrape();
        assertEquals(1.0, s.get("whokilled_oom_kills_total{constraint=\"memcg\"}"), s::toString);
        assertEquals(0.0, s.get("whokilled_oom_kills_total{constraint=\"global\"}"));
        assertEquals(1.0, s.get("whokilled_terminations_total{cause=\"oom_kill\",signal=\"SIGKILL\"}"), s::toString);
    }

    @Test
    void render_whileAnotherThreadCounts_isAlwaysWellFormed() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong counted = new AtomicLong();
        CountDownLatch counting = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (long i = 0; !stop.get(); i++) {
                metrics.gap(gap(i % 2 == 0 ? "kmsg" : "brand-new-" + (i % 7), OptionalLong.of(1)));
                metrics.storeWriteFailed();
                counted.incrementAndGet();
                counting.countDown();
            }
        });
        writer.start();
        int scrapes = 0;
        try {
            assertTrue(counting.await(10, TimeUnit.SECONDS), "the writer started counting");
            double last = 0;
            for (; scrapes < 200; scrapes++) {
                double now = scrape().get("whokilled_store_write_errors_total{}");
                assertTrue(now >= last, "a counter never goes back: " + last + " then " + now);
                last = now;
            }
            assertTrue(writer.isAlive(), "the writer counted throughout the scrapes");
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
        assertFalse(writer.isAlive(), "the writer stopped");
        assertTrue(scrapes > 0);
        assertEquals((double) counted.get(), scrape().get("whokilled_store_write_errors_total{}"));
    }

    private static Gap gap(String source, OptionalLong lost) {
        return new Gap(source, T0, T0.plusSeconds(1), lost, "test", T0.plusSeconds(1));
    }

    private static StoreEntry exit(int pid, int waitStatus, long monoNanos) {
        return StoreEntry.of(new ProcessExit(pid, waitStatus, monoNanos, T0, "boot", OptionalInt.of(1),
                Optional.of(new ProcessIdentity(pid, OptionalLong.of(200), OptionalInt.of(1), Optional.of("sleep"),
                        Optional.of("sleep 600"), OptionalLong.of(0), Optional.empty())), List.of()));
    }

    /** The terminations the agent's own feed makes of these entries, as {@code list} would explain them. */
    private static List<Termination> feed(StoreEntry... entries) {
        List<Termination> out = new ArrayList<>();
        TerminationSink sink = new TerminationSink() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public String label() {
                return "test";
            }

            @Override
            public void accept(ExportedTermination t) {
                out.add(t.termination());
            }

            @Override
            public void close() {
            }
        };
        TerminationFeed feed = new TerminationFeed(List.of(sink),
                new AgentLog(new PrintWriter(new StringWriter())), new AgentMetrics(OptionalLong::empty, OptionalLong::empty));
        for (StoreEntry e : entries) {
            feed.stored(e);
        }
        feed.tick(60 * SECOND);
        feed.close();
        return out;
    }

    /** The terminations the rules make of a kernel log. */
    private static List<Termination> explain(String log) {
        LogAnalyzer analyzer = new LogAnalyzer(UserspaceMessageParser.withDefaultPatterns(),
                IncidentCorrelator.withDefaults(), new Explainer(Rules.DEFAULT, Optional.empty()));
        List<Termination> out = new ArrayList<>();
        try {
            OpenOutcome outcome = KernelLogReader.open(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)),
                    ReaderOptions.defaults(ZoneOffset.UTC, 2026));
            try (RecordStream records = ((OpenOutcome.Opened) outcome).stream()) {
                records.forEachRemaining(r -> analyzer.accept(r).forEach(e -> {
                    if (e instanceof Termination t) {
                        out.add(t);
                    }
                }));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        analyzer.finish().forEach(e -> {
            if (e instanceof Termination t) {
                out.add(t);
            }
        });
        return out;
    }
}
