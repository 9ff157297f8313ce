package dev.whokilled.agent.export;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.metrics.MetricsExport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Opens the sinks the settings turn on. */
public final class ExportSinks {
    private ExportSinks() {
    }

    /**
     * One that cannot open is logged with the reason and left out: the agent records without it.
     *
     * @param metrics the agent's counters, which the metrics export publishes
     */
    public static List<TerminationSink> open(ExportConfig config, AgentMetrics metrics, AgentLog log) {
        List<TerminationSink> sinks = new ArrayList<>();
        try {
            MetricsExport.open(config, metrics, log).ifPresent(sinks::add);
        } catch (IOException | RuntimeException e) {
            log.error("metrics export unavailable: " + e.getMessage() + " (metrics.listen "
                    + config.metricsListen().map(a -> a.getHostString() + ":" + a.getPort()).orElse("unset") + ", metrics.textfile "
                    + config.metricsTextfile().map(Object::toString).orElse("unset") + ")");
        }
        return sinks;
    }
}
