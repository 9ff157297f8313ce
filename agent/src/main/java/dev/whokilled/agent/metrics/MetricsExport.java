package dev.whokilled.agent.metrics;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.agent.export.TerminationSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The metrics export: counts each termination into {@link AgentMetrics} and publishes the series
 * on {@code metrics.listen} ({@code /metrics}), in {@code metrics.textfile}, or both. Its
 * {@link #accept} runs on the agent's writer thread; the server and the textfile writer read the
 * counters on their own threads.
 */
public final class MetricsExport implements TerminationSink {
    private final AgentMetrics metrics;
    private final Optional<MetricsServer> server;
    private final Optional<TextfileWriter> textfile;

    private MetricsExport(AgentMetrics metrics, Optional<MetricsServer> server, Optional<TextfileWriter> textfile) {
        this.metrics = metrics;
        this.server = server;
        this.textfile = textfile;
    }

    /**
     * Starts what {@code config} asks for; empty when it asks for neither.
     *
     * @throws IOException when the address cannot be bound or the textfile cannot be written (nothing stays open)
     */
    public static Optional<MetricsExport> open(ExportConfig config, AgentMetrics metrics, AgentLog log)
            throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        if (config.metricsListen().isEmpty() && config.metricsTextfile().isEmpty()) {
            return Optional.empty();
        }
        Optional<MetricsServer> server = Optional.empty();
        if (config.metricsListen().isPresent()) {
            server = Optional.of(MetricsServer.start(config.metricsListen().get(), metrics::render));
            InetSocketAddress at = server.get().address();
            log.info("metrics on http://" + at.getHostString() + ":" + at.getPort() + "/metrics");
            if (!at.getAddress().isLoopbackAddress()) {
                log.warning("metrics.listen " + at.getHostString() + " is not a loopback address: anyone who reaches"
                        + " it reads the metrics, with no authentication (bind 127.0.0.1 unless a firewall guards it)");
            }
        }
        try {
            Optional<TextfileWriter> textfile = config.metricsTextfile().isEmpty() ? Optional.empty()
                    : Optional.of(TextfileWriter.start(config.metricsTextfile().get(), metrics::render, log));
            textfile.ifPresent(t -> log.info("metrics in " + config.metricsTextfile().get() + " for node_exporter"));
            return Optional.of(new MetricsExport(metrics, server, textfile));
        } catch (IOException | RuntimeException e) {
            server.ifPresent(MetricsServer::close);
            throw e;
        }
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String label() {
        return "metrics";
    }

    @Override
    public void accept(ExportedTermination termination) {
        metrics.terminated(termination.termination());
    }

    @Override
    public void close() throws IOException {
        server.ifPresent(MetricsServer::close);
        if (textfile.isPresent()) {
            textfile.get().close();
        }
    }
}
