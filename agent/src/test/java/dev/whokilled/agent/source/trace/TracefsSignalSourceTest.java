package dev.whokilled.agent.source.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.trace.SignalGenerateFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source against a plain directory standing in for tracefs: what it writes, reads and reports. */
class TracefsSignalSourceTest {
    private static final Instant NOW = Instant.parse("2025-06-01T03:12:00Z");
    private static final String TERM_LINE = "            kill-13461   (  13461) [001] d..1.  1612.970318:"
            + " signal_generate: sig=15 errno=0 code=0 comm=sleep pid=13459 grp=1 res=0\n";
    private static final String STATS = "entries: %d\noverrun: %d\ncommit overrun: 0\nbytes: 0\n"
            + "oldest event ts:  0.000000\nnow ts:  1.000000\ndropped events: %d\nread events: 0\n";

    @TempDir
    Path root;

    private final List<Fact> facts = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Instant> stopsSince = new CopyOnWriteArrayList<>();

    private TracefsSignalSource source(String name) {
        return new TracefsSignalSource(root, name, Clock.fixed(NOW, ZoneOffset.UTC), facts::add, problems::add,
                stop -> {
                    problems.add("stopped: " + stop.reason());
                    stopsSince.add(stop.since());
                });
    }

    private String read(Path instance, String file) throws IOException {
        return Files.readString(instance.resolve(file));
    }

    private void append(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private <T extends Fact> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Fact f : facts) {
                if (type.isInstance(f) && match.test(type.cast(f))) {
                    return type.cast(f);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " within 5 s; facts: " + facts
                + "; problems: " + problems);
    }

    @Test
    void start_noInstancesDirectory_saysTracefsIsNotMounted() {
        TracefsSignalSource source = source("whokilled");
        TracefsUnavailableException e = assertThrows(TracefsUnavailableException.class, source::start);
        assertEquals("tracefs not mounted at " + root + "; signal attribution disabled (mount it: mount -t tracefs"
                + " nodev " + root + ")", e.getMessage());
        assertFalse(Files.exists(root.resolve("instances")), "the source never creates tracefs itself");
    }

    @Test
    void start_writesTheInstanceSettings() throws IOException {
        Files.createDirectories(root.resolve("instances"));
        TracefsSignalSource source = source("whokilled");
        source.start();
        try {
            Path instance = root.resolve("instances/whokilled");
            assertEquals(instance, source.instanceDir());
            assertEquals("mono\n", read(instance, "trace_clock"));
            assertEquals("1\n", read(instance, "options/record-tgid"));
            assertEquals("1024\n", read(instance, "buffer_size_kb"));
            assertEquals(SignalGenerateFilter.expression(SignalGenerateFilter.FATAL_BY_DEFAULT) + "\n",
                    read(instance, "events/signal/signal_generate/filter"));
            assertEquals("1\n", read(instance, "events/signal/signal_generate/enable"));
            assertEquals("1\n", read(instance, "tracing_on"));
            assertFalse(Files.exists(root.resolve("tracing_on")), "the global buffer is not touched");
        } finally {
            assertThrows(IOException.class, source::close);
        }
    }

    @Test
    void check_tracingTurnedOffInItsInstance_isAStopReportedOnce_untilThenNothing() throws IOException {
        Files.createDirectories(root.resolve("instances"));
        TracefsSignalSource source = source("whokilled");
        source.check(); // not started: nothing to look at
        source.start();
        try {
            Path instance = root.resolve("instances/whokilled");
            source.check();
            assertEquals(List.of(), problems, "tracing on: no stop");

            Files.writeString(instance.resolve("tracing_on"), "0\n"); // someone else, not the agent
            source.check();
            source.check();
            assertEquals(List.of("stopped: tracing was turned off in its tracefs instance (" + instance.resolve("tracing_on")
                    + " = 0, not by the agent): fatal signals are not traced"), problems);
            assertEquals(List.of(NOW), stopsSince, "from the last check that found it on");
        } finally {
            assertThrows(IOException.class, source::close); // a plain directory is no tracefs: rmdir finds files
        }
    }

    @Test
    void check_eventDisabledInItsInstance_isAStop() throws IOException {
        Files.createDirectories(root.resolve("instances"));
        TracefsSignalSource source = source("whokilled");
        source.start();
        try {
            Files.writeString(root.resolve("instances/whokilled/events/signal/signal_generate/enable"), "0\n");
            source.check();
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).contains("signal_generate/enable = 0"), problems::toString);
        } finally {
            assertThrows(IOException.class, source::close);
        }
    }

    @Test
    void start_staleEmptyInstance_isRemovedAndRecreated() throws IOException {
        Files.createDirectories(root.resolve("instances/whokilled"));
        TracefsSignalSource source = source("whokilled");
        source.start();
        try {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("removed tracefs instance")), problems::toString);
            assertEquals("1\n", read(source.instanceDir(), "tracing_on"));
        } finally {
            assertThrows(IOException.class, source::close);
        }
    }

    @Test
    void start_instanceThatCannotBeRemoved_refusesAndLeavesItAlone() throws IOException {
        Path busy = root.resolve("instances/whokilled");
        append(busy.resolve("tracing_on"), "1\n");
        TracefsUnavailableException e = assertThrows(TracefsUnavailableException.class, source("whokilled")::start);
        assertTrue(e.getMessage().startsWith("tracefs instance " + busy + " exists from an earlier run and cannot be"
                + " removed"), e.getMessage());
        assertEquals("1\n", read(busy, "tracing_on"));
    }

    @Test
    void constructor_instanceNameWithSlash_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source("../x"));
        assertTrue(e.getMessage().contains("'../x'"), e.getMessage());
    }

    @Test
    void reader_linesAndLosses_becomeFacts() throws Exception {
        Files.createDirectories(root.resolve("instances"));
        TracefsSignalSource source = source("t1");
        Path instance = source.instanceDir();
        source.start();
        try {
            Path pipe = instance.resolve("trace_pipe");
            append(instance.resolve("per_cpu/cpu1/stats"), String.format(STATS, 0, 0, 0));
            append(pipe, TERM_LINE + "garbage\n");
            SignalSent sent = await(SignalSent.class, s -> true);
            assertEquals(new SignalSent(15, 0, 13459, Optional.of("sleep"), true, 0, 13461, OptionalInt.of(13461),
                    Optional.of("kill"), 1_612_970_318_000L, NOW, Optional.empty()), sent);

            // The counter runs ahead of the LOST line: 30 reported from the counters, then only the 10 more the
            // line knows of, never 40 twice.
            Files.writeString(instance.resolve("per_cpu/cpu1/stats"), String.format(STATS, 0, 30, 2));
            source.checkLossCounters();
            Gap overrun = await(Gap.class, g -> g.lost().equals(OptionalLong.of(30)));
            assertEquals("tracefs", overrun.source());
            assertTrue(overrun.reason().contains("CPU 1 overran"), overrun.reason());
            await(Gap.class, g -> g.lost().equals(OptionalLong.of(2)) && g.reason().contains("dropped"));
            append(pipe, "CPU:1 [LOST 40 EVENTS]\n" + TERM_LINE);
            await(Gap.class, g -> g.lost().equals(OptionalLong.of(10)));
            await(SignalSent.class, s -> facts.stream().filter(SignalSent.class::isInstance).count() == 2);
            assertInstanceOf(SignalSent.class, facts.get(facts.size() - 1), "the line after the loss comes last");
            assertEquals(3, facts.stream().filter(Gap.class::isInstance).count(), facts::toString);
            assertEquals(1, source.malformedLines());
            assertTrue(problems.stream().anyMatch(p -> p.contains("unreadable trace_pipe line") && p.endsWith("garbage")),
                    problems::toString);
        } finally {
            IOException e = assertThrows(IOException.class, source::close);
            assertTrue(e.getMessage().startsWith("cannot remove tracefs instance " + instance), e.getMessage());
        }
        assertEquals("0\n", read(instance, "events/signal/signal_generate/enable"));
        assertEquals("0\n", read(instance, "tracing_on"));
    }

    @Test
    void close_unreadEntries_becomeAGap() throws Exception {
        Files.createDirectories(root.resolve("instances"));
        TracefsSignalSource source = source("t2");
        source.start();
        append(source.instanceDir().resolve("per_cpu/cpu0/stats"), String.format(STATS, 7, 0, 0));
        assertThrows(IOException.class, source::close);
        Gap gap = assertInstanceOf(Gap.class, facts.get(facts.size() - 1));
        assertEquals(OptionalLong.of(7), gap.lost());
        assertTrue(gap.reason().contains("still unread"), gap.reason());
    }

    @Test
    void close_twice_isHarmless() throws Exception {
        TracefsSignalSource source = source("t3");
        source.close();
        source.close();
        assertThrows(IllegalStateException.class, source::start);
    }
}
