package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.agent.testing.MutableClock;
import dev.whokilled.rules.live.Gap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent with a kernel log that ends: {@code /dev/kmsg} is a FIFO the test holds open, so the real kmsg
 * source reads it like the device (a read blocks until a record comes). The test lets go of it, and the read returns
 * end of file, which the device never does: the source stops, {@code whokilled_source_up{source="kmsg"}} (read from
 * the metrics textfile) goes to 0, and the log says so; the test holds the FIFO again, moves the clock past the
 * retry, and the agent's writer restarts kmsg: the series is 1 again, and one gap covers the outage. Closing the agent
 * then is no stop.
 */
@EnabledOnOs(OS.LINUX)
class AgentSourceStopTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void kmsgEnds_seriesGoesDownThenBackAndOneGapCoversTheOutage() throws Exception {
        Path fifo = dir.resolve("kmsg");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "3f9c1e0a-5b7d-4c2e-9a61-0d8e2f4b7c13\n");
        Path prom = dir.resolve("whokilled.prom");
        AgentConfig config = new AgentConfig(StoreConfig.defaults(), List.of(), Duration.ofMinutes(10),
                Duration.ofMillis(200), Duration.ofMillis(100), true, "whokilled-stop-" + ProcessHandle.current().pid(),
                new ExportConfig(ExportConfig.Journal.OFF, Optional.empty(), ExportConfig.FileFormat.NATIVE, 1 << 20, 1,
                        Optional.empty(), Optional.of(prom)), Optional.empty());
        Agent.Paths paths = new Agent.Paths(fifo, proc, dir.resolve("no-tracefs"), dir.resolve("no-journalctl"));
        MutableClock clock = new MutableClock(T0);
        StringWriter log = new StringWriter();
        Agent agent = new Agent(dir.resolve("store"), config, paths, clock, new AgentLog(new PrintWriter(log)), RETRY);

        // Read and write: opening it does not wait for the other end, and the agent's open finds a writer.
        FileChannel writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean closed = false;
        try {
            agent.start();
            await(() -> kmsgUp(prom).equals("1"), "kmsg up", prom, log);

            clock.advance(Duration.ofSeconds(5));
            Instant stoppedAt = clock.instant();
            writer.close(); // the last writer goes: the source's read returns end of file
            await(() -> kmsgUp(prom).equals("0"), "kmsg down", prom, log);
            assertTrue(log.toString().contains("<3>kmsg stopped: end of file on the kernel log; kernel records"),
                    log.toString());

            writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
            clock.advance(Duration.ofSeconds(10));
            await(() -> kmsgUp(prom).equals("1"), "kmsg back", prom, log);
            assertTrue(log.toString().contains("<6>kmsg is back after 10 s (it had stopped: end of file on the kernel"
                    + " log)"), log.toString());
            await(() -> sample(prom, "whokilled_source_gaps_total{source=\"kmsg\"}").equals("1"),
                    "the outage counted as one kmsg gap", prom, log);

            closed = true;
            agent.close();
            assertEquals(1, log.toString().lines().filter(l -> l.startsWith("<3>kmsg stopped")).count(),
                    "the agent's own close is no stop:\n" + log);
            List<Gap> gaps = kmsgGaps(dir.resolve("store"));
            assertEquals(1, gaps.size(), gaps::toString);
            assertEquals(stoppedAt, gaps.get(0).from());
            assertEquals(stoppedAt.plusSeconds(10), gaps.get(0).to());
            assertTrue(gaps.get(0).reason().startsWith("kmsg stopped (end of file on the kernel log): "),
                    gaps.get(0).reason());
        } finally {
            if (!closed) {
                agent.close();
            }
            writer.close();
        }
    }

    private static String kmsgUp(Path prom) {
        return sample(prom, "whokilled_source_up{source=\"kmsg\"}");
    }

    private static String sample(Path prom, String series) {
        String prefix = series + " ";
        try {
            return Files.readString(prom).lines().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(prefix.length())).orElse("absent");
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what, Path prom, StringWriter log) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not seen within " + WAIT.toSeconds() + " s; metrics: "
                        + (Files.exists(prom) ? Files.readString(prom) : "none") + "\nlog:\n" + log);
            }
            Thread.sleep(20);
        }
    }

    private static List<Gap> kmsgGaps(Path store) throws Exception {
        List<Gap> gaps = new ArrayList<>();
        StoreReader.open(store).scan(TimeWindow.ALL, e -> {
            if (e instanceof StoreEntry.FactEntry f && f.fact() instanceof Gap g && g.source().equals("kmsg")) {
                gaps.add(g);
            }
        });
        return gaps;
    }
}
