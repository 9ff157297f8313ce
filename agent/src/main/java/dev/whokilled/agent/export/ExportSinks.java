package dev.whokilled.agent.export;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.metrics.MetricsExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import dev.whokilled.agent.export.journal.JournalSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Opens the sinks the settings turn on. */
public final class ExportSinks {
    private ExportSinks() {
    }

    /**
     * One that cannot open is logged with the reason and left out: the agent records without it.
     *
     * @param metrics the agent's counters, which the metrics export publishes
     * @param clock names rotated event files and stamps ECS {@code event.created}
     * @param proc where the host name is read ({@code sys/kernel/hostname})
     */
    public static List<TerminationSink> open(ExportConfig config, AgentMetrics metrics, AgentLog log, Clock clock,
                                             Path proc) {
        List<TerminationSink> sinks = new ArrayList<>();
        JournalSink.open(config.journal(), JournalSink.SOCKET, log).ifPresent(sinks::add);
        if (config.file().isPresent()) {
            Path file = config.file().get();
            try {
                sinks.add(EventFileSink.open(config, file, new EcsTerminations(hostName(proc)), clock, log));
                log.info("event file " + file + ": " + config.fileFormat().name().toLowerCase(Locale.ROOT)
                        + " JSON lines, rotated at " + config.fileMaxBytes() + " bytes, " + config.fileKeep()
                        + " rotated files kept");
            } catch (IOException | RuntimeException e) {
                log.error("event file " + file + " cannot be opened: " + e.getMessage()
                        + "; terminations are stored but not written there (fix export.file or --export-file)");
            }
        }
        try {
            MetricsExport.open(config, metrics, log).ifPresent(sinks::add);
        } catch (IOException | RuntimeException e) {
            log.error("metrics export unavailable: " + e.getMessage() + " (metrics.listen "
                    + config.metricsListen().map(a -> a.getHostString() + ":" + a.getPort()).orElse("unset") + ", metrics.textfile "
                    + config.metricsTextfile().map(Object::toString).orElse("unset") + ")");
        }
        return sinks;
    }

    /** The kernel's host name, for ECS {@code host.name}; empty when unreadable. */
    private static Optional<String> hostName(Path proc) {
        try {
            return Optional.of(Files.readString(proc.resolve("sys/kernel/hostname")).strip()).filter(h -> !h.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
