package dev.whokilled.cli.e2e;

import static dev.whokilled.cli.e2e.LiveHarness.JAR;
import static dev.whokilled.cli.e2e.LiveHarness.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics as an operator uses them: the agent from the built jar serves {@code /metrics} on a
 * free loopback port and keeps a node_exporter textfile; a real Prometheus (Debian's, with its own
 * configuration, the repository's alert rules and a temporary TSDB) scrapes it every second; the
 * test kills a child it started with {@code kill -KILL}, and Prometheus's query API must show
 * {@code whokilled_terminations_total{cause="signal",signal="SIGKILL"}} grow. A real node_exporter
 * with only the textfile collector must serve the same series from the file.
 *
 * <p>Every child (agent, Prometheus, node_exporter, the victim) is stopped by its own handle at the
 * end; every wait is bounded; nothing listens beyond 127.0.0.1. Skipped without root, tracefs,
 * Prometheus or node_exporter, except under CI=true, where that fails.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class MetricsEndToEndIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path ALERTS = Path.of("..", "packaging", "prometheus", "whokilled-alerts.yml");
    private static final String KILLS = "whokilled_terminations_total{cause=\"signal\",signal=\"SIGKILL\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final List<Process> children = new ArrayList<>();
    /** Prometheus and node_exporter: the children with a log. */
    private final List<Process> servers = new ArrayList<>();
    private AgentProcess agent;
    private int agentPort;
    private Path textfiles;

    @BeforeEach
    void startAgent() throws Exception {
        List<String> missing = LiveHarness.missingForAgent();
        for (Path tool : List.of(PROMETHEUS, NODE_EXPORTER, PROMTOOL)) {
            if (!Files.isExecutable(tool)) {
                missing.add(tool + " not installed (apt-get install prometheus prometheus-node-exporter)");
            }
        }
        LiveHarness.requireOrSkip("metrics end-to-end test", missing);
        agentPort = freePort();
        textfiles = Files.createDirectory(tmp.resolve("textfile"));
        agent = AgentProcess.startWith(JAR, tmp.resolve("store"), "metrics.listen=127.0.0.1:" + agentPort + "\n"
                + "metrics.textfile=" + textfiles.resolve("whokilled.prom").toAbsolutePath() + "\n");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : children) {
            p.destroy(); // SIGTERM to this pid only
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aRealKill_showsInPrometheus_andInNodeExportersTextfile() throws Exception {
        String scraped = get(agentPort, "/metrics").orElseThrow();
        promtoolChecks(scraped);
        for (String source : List.of("kmsg", "exits", "signals")) {
            assertTrue(scraped.contains("whokilled_source_up{source=\"" + source + "\"} 1\n"), scraped);
        }

        int promPort = freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n  - " + ALERTS.toAbsolutePath().normalize() + "\n"
                + "scrape_configs:\n  - job_name: whokilled\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + agentPort + "']\n");
        start(tmp.resolve("prometheus.log"), PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=warn");
        await("Prometheus scrapes the agent", () -> query(promPort, "up{job=\"whokilled\"}").filter(v -> v == 1));
        String rules = get(promPort, "/api/v1/rules").orElseThrow();
        assertTrue(rules.contains("\"WhokilledOomKill\"") && rules.contains("\"health\":\"ok\""), rules);
        double before = query(promPort, KILLS).orElse(0.0);

        Process victim = start(null, "sleep", "60");
        long killedAt = System.nanoTime();
        waitFor(start(null, "kill", "-KILL", Long.toString(victim.pid())));
        assertEquals(137, waitFor(victim));
        double after = await("the kill in Prometheus", () -> query(promPort, KILLS).filter(v -> v > before));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.println("kill -KILL -> " + KILLS + " " + after + " in Prometheus (scraped every 1 s): " + millis + " ms");

        int nodePort = freePort();
        start(tmp.resolve("node_exporter.log"), NODE_EXPORTER.toString(), "--collector.disable-defaults",
                "--collector.textfile", "--collector.textfile.directory=" + textfiles,
                "--web.listen-address=127.0.0.1:" + nodePort);
        String node = await("node_exporter serves the textfile", () -> get(nodePort, "/metrics")
                .filter(text -> text.contains(KILLS + " ")));
        assertTrue(node.contains("node_textfile_scrape_error 0"), node);
        assertTrue(node.contains("# TYPE whokilled_terminations_total counter"), node);
        assertTrue(node.contains("whokilled_source_up{source=\"signals\"} 1"), node);
    }

    private Process start(Path log, String... command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command);
        if (log != null) {
            b.redirectErrorStream(true).redirectOutput(log.toFile());
        } else {
            b.redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = b.start();
        children.add(p);
        if (log != null) {
            servers.add(p);
        }
        return p;
    }

    /** A port free on loopback a moment ago. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The body of a 200 answer; empty while nothing answers there. */
    private static Optional<String> get(int port, String pathAndQuery) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** An instant query's single value; empty when there is no such series (yet). */
    private static Optional<Double> query(int port, String promql) throws Exception {
        Optional<String> body = get(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode result = JSON.readTree(body.get()).at("/data/result");
        if (result.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(result.get(0).at("/value/1").asText()));
    }

    @FunctionalInterface
    private interface Poll<T> {
        Optional<T> once() throws Exception;
    }

    /** Polls every 200 ms for 30 s at most; then fails with the agent's log. */
    private <T> T await(String what, Poll<T> poll) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<T> v = poll.once();
            if (v.isPresent()) {
                return v.get();
            }
            for (Process p : servers) {
                if (!p.isAlive()) {
                    fail(what + ": a server exited with " + p.exitValue() + " (its log is in " + tmp + ")");
                }
            }
            Thread.sleep(200);
        }
        fail(what + ": not within 30 s; agent log: " + agent.log());
        return null;
    }

    private static void promtoolChecks(String text) throws Exception {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out + "\n" + text);
    }
}
