package dev.whokilled.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.whokilled.agent.testing.LivePrerequisites;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.AgentLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real shipper on the event file: Debian's rsyslogd, {@code imfile} in inotify mode tailing it and
 * {@code omfwd} forwarding each line over TCP to a listener this test opens on 127.0.0.1. Every
 * record written, across several rotations, must arrive whole: parsed and compared with what was
 * written, by id. The rsyslog configuration is the README's, with this test's paths.
 *
 * <p>rsyslogd runs as this test's child with its own config, pid file and work directory (its
 * imfile state) in a temporary directory, and is stopped by its pid. Needs rsyslog's imfile:
 * skipped without it, except under CI=true, where .ci/run installs it and a missing one fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class EventFileRsyslogLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final Path IMFILE = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/imfile.so");
    private static final int RECORDS = 400;
    private static final long MAX_BYTES = 64 * 1024;
    /**
     * Rotated files kept: more than the test writes (about 12), so none is deleted under imfile. With 3, a run
     * next to two builds lost 64 of 400 records: rsyslog fell more than three files behind and the oldest were
     * removed before it read them. That is the setting's meaning (keep enough for the shipper's lag; the default
     * keeps 10 of 64 MiB), not what this test is about: following renames and reading whole lines.
     */
    private static final int KEEP = 20;

    /** Kept when the test fails: rsyslog's own output and the event files can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void rsyslogImfile_forwardsEveryRecordWhole_acrossRotations() throws Exception {
        boolean present = Files.isExecutable(RSYSLOGD) && Files.isRegularFile(IMFILE);
        LivePrerequisites.require(present, "rsyslog with imfile not installed (apt-get install rsyslog; .ci/run does)");

        Path events = tmp.resolve("log/events.jsonl");
        Map<String, String> written = new LinkedHashMap<>();
        JsonExplanations nativeShape = new JsonExplanations();
        EventFileSink sink = new EventFileSink(events, t -> {
            String line = nativeShape.toLine(t);
            written.put(t.id(), line);
            return line;
        }, MAX_BYTES, KEEP, Clock.systemUTC(), new AgentLog(new PrintWriter(new StringWriter())));

        List<ExportedTermination> samples = ExportSamples.all();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Listener listener = new Listener(server);
            listener.start();
            Process rsyslog = startRsyslog(events, server.getLocalPort());
            try {
                // The first record proves the pipeline before anything is rotated away from under imfile.
                sink.accept(record(samples, 0));
                listener.awaitIds(written.keySet(), rsyslog);
                for (int i = 1; i < RECORDS; i++) {
                    sink.accept(record(samples, i));
                    if (i % 20 == 0) {
                        Thread.sleep(20); // deaths come in bursts, not as one flood
                    }
                }
                sink.close();
                listener.awaitIds(written.keySet(), rsyslog);
            } finally {
                stop(rsyslog);
            }
            long rotations = sink.rotations();
            assertTrue(rotations >= 2, "rotations: " + rotations);

            int duplicates = 0;
            Map<String, JsonNode> arrived = new ConcurrentHashMap<>();
            for (String line : listener.lines) {
                JsonNode n = JSON.readTree(line); // every line that arrived is one whole JSON object
                if (arrived.put(n.get("id").asText(), n) != null) {
                    duplicates++;
                }
            }
            for (Map.Entry<String, String> w : written.entrySet()) {
                assertEquals(JSON.readTree(w.getValue()), arrived.get(w.getKey()), "record " + w.getKey());
            }
            assertEquals(written.keySet(), arrived.keySet());
            System.out.println("rsyslog imfile -> omfwd: " + written.size() + " records written, " + arrived.size()
                    + " distinct arrived intact (" + listener.lines.size() + " lines, " + duplicates + " duplicates), "
                    + rotations + " rotations at " + MAX_BYTES + " bytes");
        }
    }

    /** The README shows the configuration this test runs, with the unit's paths and a collector. */
    @Test
    void readme_showsTheTestedRsyslogConfiguration() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String conf = rsyslogConf(Path.of("/var/log/whokilled/events.jsonl"), Path.of("/var/spool/rsyslog-whokilled"),
                "logs.example.internal", 5514);
        assertTrue(readme.contains(conf), "README.md, Event file: the rsyslog configuration must read\n" + conf);
    }

    /** A distinct death: a sample's facts under an id of its own, as many deaths would have. */
    private static ExportedTermination record(List<ExportedTermination> samples, int i) {
        ExportedTermination s = samples.get(i % samples.size());
        return new ExportedTermination(UUID.nameUUIDFromBytes(("rsyslog-" + i).getBytes(StandardCharsets.UTF_8))
                .toString(), s.death());
    }

    private Process startRsyslog(Path events, int port) throws IOException, InterruptedException {
        Path work = Files.createDirectories(tmp.resolve("rsyslog-work"));
        Path conf = tmp.resolve("rsyslog.conf");
        Files.writeString(conf, rsyslogConf(events, work, "127.0.0.1", port));
        Path check = tmp.resolve("rsyslog-check.txt");
        Process validate = new ProcessBuilder(RSYSLOGD.toString(), "-N1", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(check.toFile()).start();
        if (!validate.waitFor(30, TimeUnit.SECONDS) || validate.exitValue() != 0) {
            validate.destroyForcibly();
            fail("rsyslogd -N1 refused the config: " + Files.readString(check));
        }
        Path pidFile = tmp.resolve("rsyslogd.pid");
        return new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i", pidFile.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("rsyslogd.out").toFile()).start();
    }

    /** The README's configuration, with this test's paths and port. */
    static String rsyslogConf(Path events, Path work, String target, int port) {
        return """
                global(workDirectory="%s" maxMessageSize="256k")
                module(load="imfile" mode="inotify")
                template(name="whokilled-line" type="string" string="%%msg%%\\n")
                input(type="imfile" file="%s" tag="whokilled" ruleset="whokilled-forward")
                ruleset(name="whokilled-forward") {
                  action(type="omfwd" target="%s" port="%d" protocol="tcp" template="whokilled-line"
                         action.resumeRetryCount="-1" queue.type="LinkedList" queue.filename="whokilled-fwd"
                         queue.saveOnShutdown="on")
                }
                """.formatted(work, events, target, port);
    }

    /** SIGTERM to the pid we started, then waits (bounded); SIGKILL only if it will not stop. */
    private static void stop(Process rsyslog) throws InterruptedException {
        rsyslog.toHandle().destroy();
        if (!rsyslog.waitFor(10, TimeUnit.SECONDS)) {
            rsyslog.toHandle().destroyForcibly();
            rsyslog.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Accepts rsyslog's connections (it reconnects after an error) and keeps every line. */
    private static final class Listener extends Thread {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        private final ServerSocket server;

        Listener(ServerSocket server) {
            super("rsyslog-listener");
            this.server = server;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread reader = new Thread(() -> read(s), "rsyslog-connection");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return; // the test closed the server
                }
            }
        }

        private void read(Socket s) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.add(line);
                        try {
                            seen.put(JSON.readTree(line).get("id").asText(), true);
                        } catch (IOException | RuntimeException notJson) {
                            // kept in lines: the assertion parses each and fails with it
                        }
                    }
                }
            } catch (IOException ignored) {
                // rsyslog closed the connection
            }
        }

        /** Waits until every id has arrived, at most 30 s; fails with rsyslog's state otherwise. */
        void awaitIds(java.util.Collection<String> ids, Process rsyslog) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.keySet().containsAll(ids)) {
                if (System.nanoTime() > deadline || !rsyslog.isAlive()) {
                    fail((rsyslog.isAlive() ? "" : "rsyslogd exited " + rsyslog.exitValue() + "; ") + seen.size() + " of "
                            + ids.size() + " records arrived within 30 s");
                }
                Thread.sleep(20);
            }
        }
    }
}
