package dev.whokilled.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.metrics.AgentMetrics.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node_exporter textfile: whole files only, kept current, readable by node_exporter, gone when the agent stops. */
class TextfileWriterTest {
    @TempDir
    Path dir;

    private final AgentMetrics metrics = new AgentMetrics(() -> OptionalLong.of(1), () -> OptionalLong.of(0));
    private final StringWriter log = new StringWriter();

    @Test
    void start_writesAtOnce_thenFollowsChanges_andCloseRemovesIt() throws Exception {
        Path file = dir.resolve("whokilled.prom");
        try (TextfileWriter w = TextfileWriter.start(file, metrics::render, new AgentLog(new PrintWriter(log)))) {
            assertEquals(0.0, StrictExposition.parse(Files.readString(file)).get("whokilled_source_up{source=\"exits\"}"));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            metrics.started(Source.EXITS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.readString(file).contains("whokilled_source_up{source=\"exits\"} 1")) {
                assertTrue(System.nanoTime() < deadline, "the change reaches the file within a few seconds");
                Thread.sleep(50);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(1, files.count(), "no temporary file is left beside it");
            }
            MetricsServerTest.promtoolAccepts(Files.readString(file));
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void everyReadDuringRewrites_seesAWholeFile() throws Exception {
        Path file = dir.resolve("whokilled.prom");
        try (TextfileWriter w = TextfileWriter.start(file, metrics::render, new AgentLog(new PrintWriter(log)))) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            int reads = 0;
            while (System.nanoTime() < end) {
                metrics.storeWriteFailed(); // a change for every check
                String text = Files.readString(file);
                assertTrue(text.endsWith("\n") && text.contains("whokilled_store_write_errors_total "), text);
                StrictExposition.parse(text);
                reads++;
            }
            assertTrue(reads > 10, "read " + reads + " times");
        }
    }

    @Test
    void start_missingDirectory_fails_andSchedulesNothing() {
        assertThrows(NoSuchFileException.class, () -> TextfileWriter.start(dir.resolve("absent/whokilled.prom"),
                metrics::render, new AgentLog(new PrintWriter(log))));
    }

    @Test
    void config_textfileNotEndingInProm_isRefused() {
        ExportConfig d = ExportConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExportConfig(d.journal(),
                d.file(), d.fileFormat(), d.fileMaxBytes(), d.fileKeep(), Optional.empty(),
                Optional.of(Path.of("/var/lib/prometheus/node-exporter/whokilled.txt"))));
        assertTrue(e.getMessage().startsWith("metrics.textfile must end in .prom"), e.getMessage());
    }

    @Test
    void aFailedRewrite_isLoggedOnce_andTheWriterKeepsGoing() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path file = sub.resolve("whokilled.prom");
        try (TextfileWriter w = TextfileWriter.start(file, metrics::render, new AgentLog(new PrintWriter(log)))) {
            Files.delete(file);
            Files.delete(sub); // node_exporter's directory removed under the agent
            metrics.started(Source.KMSG);
            Thread.sleep(2500);
            assertEquals(1, log.toString().split("cannot write the metrics textfile", -1).length - 1, log.toString());
            Files.createDirectory(sub);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.exists(file)) {
                assertTrue(System.nanoTime() < deadline, "written again once the directory is back");
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
