package dev.whokilled.agent.export;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the agent sends each termination besides its store, validated once; immutable.
 *
 * @param journal whether each termination is also a structured journal entry ({@code export.journal}:
 *     {@code auto}, the default, means when the journal's socket exists)
 * @param file the event file for file-tailing shippers ({@code export.file}; default none)
 * @param fileFormat the objects written there ({@code export.file.format}: {@code native}, the default, or {@code ecs})
 * @param fileMaxBytes the size at which the event file is rotated by rename ({@code export.file.maxBytes}, 64 MiB)
 * @param fileKeep how many rotated event files are kept ({@code export.file.keep}, 10)
 * @param metricsListen where Prometheus scrapes {@code /metrics} ({@code metrics.listen}, e.g. {@code 127.0.0.1:9464};
 *     default off)
 * @param metricsTextfile a node_exporter textfile ({@code metrics.textfile}, a {@code .prom} path; default none)
 */
public record ExportConfig(Journal journal, Optional<Path> file, FileFormat fileFormat, long fileMaxBytes, int fileKeep,
                           Optional<InetSocketAddress> metricsListen, Optional<Path> metricsTextfile) {
    /** Whether terminations go to the journal. */
    public enum Journal {
        AUTO, ON, OFF;

        public static Journal parse(String key, String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "true", "on", "yes" -> ON;
                case "false", "off", "no" -> OFF;
                default -> throw new IllegalArgumentException(key + " must be auto, true or false, got '" + text + "'");
            };
        }
    }

    /** The shape of the event file's objects. */
    public enum FileFormat {
        /** DESIGN.md's termination object, with an {@code id}. */
        NATIVE,
        /** Elastic Common Schema fields, with whokilled's own under {@code whokilled.*}. */
        ECS;

        public static FileFormat parse(String key, String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "native" -> NATIVE;
                case "ecs" -> ECS;
                default -> throw new IllegalArgumentException(key + " must be native or ecs, got '" + text + "'");
            };
        }
    }

    public ExportConfig {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileFormat, "fileFormat");
        Objects.requireNonNull(metricsListen, "metricsListen");
        Objects.requireNonNull(metricsTextfile, "metricsTextfile");
        if (fileMaxBytes < 4096) {
            throw new IllegalArgumentException("export.file.maxBytes must be at least 4096, got " + fileMaxBytes);
        }
        if (metricsTextfile.isPresent() && !metricsTextfile.get().getFileName().toString().endsWith(".prom")) {
            throw new IllegalArgumentException("metrics.textfile must end in .prom (node_exporter reads only those),"
                    + " got '" + metricsTextfile.get() + "'");
        }
        if (fileKeep < 1) {
            throw new IllegalArgumentException("export.file.keep must be at least 1, got " + fileKeep);
        }
    }

    /** Journal when available; no event file, no metrics. */
    public static ExportConfig defaults() {
        return new ExportConfig(Journal.AUTO, Optional.empty(), FileFormat.NATIVE, 64L << 20, 10, Optional.empty(),
                Optional.empty());
    }

    /** The same settings writing the event file at {@code path}. */
    public ExportConfig withFile(Path path) {
        return new ExportConfig(journal, Optional.of(path), fileFormat, fileMaxBytes, fileKeep, metricsListen,
                metricsTextfile);
    }

    /**
     * {@code host:port} (IPv6 as {@code [::1]:9464}); the host is required, so nothing listens beyond loopback unless
     * the operator writes another address.
     */
    public static InetSocketAddress parseListen(String key, String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException(key + " must be host:port such as 127.0.0.1:9464, got '" + text + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + ": port must be 1-65535, got '" + t.substring(colon + 1) + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
