package dev.whokilled.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.export.ExportSinks;
import dev.whokilled.agent.export.TerminationSink;
import dev.whokilled.agent.metrics.AgentMetrics.Source;
import dev.whokilled.agent.testing.LivePrerequisites;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTP endpoint on loopback, scraped and read strictly (and by promtool where it is installed). */
class MetricsServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AgentMetrics metrics = new AgentMetrics(() -> OptionalLong.of(100), () -> OptionalLong.of(0));

    private static HttpResponse<String> get(InetSocketAddress at, String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scrape_metrics_servesTheExpositionFormat() throws Exception {
        metrics.started(Source.KMSG);
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics::render)) {
            HttpResponse<String> r = get(server.address(), "/metrics", "GET");
            assertEquals(200, r.statusCode());
            assertEquals(Exposition.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
            Map<String, Double> s = StrictExposition.parse(r.body());
            assertEquals(1.0, s.get("whokilled_source_up{source=\"kmsg\"}"), r.body());
            promtoolAccepts(r.body());
        }
    }

    @Test
    void otherPathsAndMethods_areRefused_headHasNoBody() throws Exception {
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics::render)) {
            assertEquals(404, get(server.address(), "/", "GET").statusCode());
            HttpResponse<String> post = get(server.address(), "/metrics", "POST");
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
            HttpResponse<String> head = get(server.address(), "/metrics", "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void everyThreadItRuns_isADaemon_andCloseStopsListening() throws Exception {
        InetSocketAddress at;
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics::render)) {
            at = server.address();
            assertEquals(200, get(at, "/metrics", "GET").statusCode());
            List<Thread> http = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("HTTP-Dispatcher") || t.getName().startsWith("metrics-http"))
                    .toList();
            assertTrue(http.size() >= 2, http::toString);
            assertTrue(http.stream().allMatch(Thread::isDaemon), http::toString);
            long start = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "close is quick");
        }
        assertThrows(IOException.class, () -> get(at, "/metrics", "GET"));
    }

    @Test
    void start_portInUse_failsWithBindException() throws Exception {
        try (MetricsServer first = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics::render)) {
            assertThrows(BindException.class, () -> MetricsServer.start(first.address(), metrics::render));
        }
    }

    @Test
    void exportSinks_metricsOff_opensNothing_andABusyPortIsLoggedAndLeftOut() throws Exception {
        StringWriter log = new StringWriter();
        AgentLog agentLog = new AgentLog(new PrintWriter(log));
        assertEquals(List.of(), sinks(withoutJournal(Optional.empty()), agentLog));
        try (MetricsServer busy = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics::render)) {
            ExportConfig config = withListen(InetSocketAddress.createUnresolved("127.0.0.1", busy.address().getPort()));
            assertEquals(List.of(), sinks(config, agentLog));
            assertTrue(log.toString().contains("<3>metrics export unavailable: Address already in use (metrics.listen"
                    + " 127.0.0.1:" + busy.address().getPort()), log.toString());
        }
    }

    @Test
    void exportSinks_metricsListen_servesUntilTheSinkCloses(@TempDir Path tmp) throws Exception {
        int port;
        try (MetricsServer probe = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics::render)) {
            port = probe.address().getPort(); // a port free a moment ago
        }
        StringWriter log = new StringWriter();
        List<TerminationSink> sinks = sinks(withListen(ExportConfig.parseListen("metrics.listen", "127.0.0.1:" + port)),
                new AgentLog(new PrintWriter(log)));
        assertEquals(1, sinks.size(), log::toString);
        assertTrue(log.toString().contains("<6>metrics on http://127.0.0.1:" + port + "/metrics"), log.toString());
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        assertEquals(200, get(at, "/metrics", "GET").statusCode());
        sinks.get(0).close();
        assertThrows(IOException.class, () -> get(at, "/metrics", "GET"));
    }

    private static ExportConfig withListen(InetSocketAddress at) {
        return withoutJournal(Optional.of(at));
    }

    /** The defaults but the journal: a journald on this machine (another test's) must not add its sink here. */
    private List<TerminationSink> sinks(ExportConfig config, AgentLog log) {
        return ExportSinks.open(config, metrics, log, Clock.systemUTC(), Path.of("/proc"));
    }

    private static ExportConfig withoutJournal(Optional<InetSocketAddress> listen) {
        ExportConfig d = ExportConfig.defaults();
        return new ExportConfig(ExportConfig.Journal.OFF, d.file(), d.fileFormat(), d.fileMaxBytes(), d.fileKeep(), listen,
                Optional.empty());
    }

    /** {@code promtool check metrics} (Debian's prometheus package), the linter Prometheus ships, where installed. */
    static void promtoolAccepts(String text) throws Exception {
        Optional<Path> found = LivePrerequisites.onPath("promtool");
        LivePrerequisites.require(found.isPresent(), "promtool not installed (Debian's prometheus package)");
        Path promtool = found.orElseThrow();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
        assertEquals("", out.strip(), "promtool has no lint warning");
    }
}
