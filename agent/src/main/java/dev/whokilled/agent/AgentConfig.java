package dev.whokilled.agent;

import dev.whokilled.agent.export.ExportConfig;
import dev.whokilled.agent.store.StoreConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's settings, validated once; immutable. Read from a properties file whose keys are the
 * documented ones below; an unknown key or a bad value is an error naming the key, never a silent
 * correction.
 *
 * @param store segment size, total size and age bounds of the event store
 * @param storeExitsOf comm patterns of processes whose non-zero normal exits are stored too
 *     ({@code exits.store}; default none: shells make thousands)
 * @param signalWindow how long a fatal signal waits for its target's death before it is dropped ({@code signals.window})
 * @param settle how long an exit waits for the sender's exit and the kernel's report before it is stored ({@code exits.settle})
 * @param flushInterval how often buffered records are written and fsynced ({@code store.flushInterval})
 * @param redactSecrets whether secret values in command lines are masked as they are read from {@code /proc}, before
 *     anything keeps them ({@code store.redactSecrets}, default true; see
 *     {@link dev.whokilled.rules.redact.CommandLineRedactor})
 * @param traceInstance the tracefs instance the agent owns under {@code instances/} ({@code signals.traceInstance});
 *     two agents on one machine (a service and a test) each need their own
 * @param exports where terminations go besides the store: journal, event file, metrics ({@code export.*},
 *     {@code metrics.*}; see {@link ExportConfig})
 * @param storeGroup the group that may read the store ({@code store.group}, default {@code adm} as for system logs;
 *     empty: root's only)
 */
public record AgentConfig(StoreConfig store, List<Pattern> storeExitsOf, Duration signalWindow, Duration settle,
                          Duration flushInterval, boolean redactSecrets, String traceInstance, ExportConfig exports,
                          Optional<String> storeGroup) {
    private static final Set<String> KEYS = Set.of("store.maxSegmentBytes", "store.maxTotalBytes", "store.maxAge",
            "store.flushInterval", "exits.store", "signals.window", "exits.settle", "store.redactSecrets",
            "signals.traceInstance", "export.journal", "export.file", "export.file.format", "export.file.maxBytes",
            "export.file.keep", "metrics.listen", "metrics.textfile", "store.group");
    private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public AgentConfig {
        Objects.requireNonNull(store, "store");
        storeExitsOf = List.copyOf(storeExitsOf);
        positive("signals.window", signalWindow);
        positive("exits.settle", settle);
        positive("store.flushInterval", flushInterval);
        Objects.requireNonNull(traceInstance, "signals.traceInstance");
        Objects.requireNonNull(exports, "exports");
        Objects.requireNonNull(storeGroup, "storeGroup");
        if (!INSTANCE_NAME.matcher(traceInstance).matches()) {
            throw new IllegalArgumentException("signals.traceInstance must be 1-64 letters, digits, '-' or '_', got '"
                    + traceInstance + "'");
        }
    }

    public static AgentConfig defaults() {
        return new AgentConfig(StoreConfig.defaults(), List.of(), Duration.ofMinutes(10), Duration.ofMillis(200),
                Duration.ofMillis(100), true, "whokilled", ExportConfig.defaults(), Optional.of("adm"));
    }

    /**
     * Reads a properties file; missing keys keep their defaults. A file or directory that any user may write is
     * refused: whoever edits the settings decides what the agent keeps (and whether it redacts secrets).
     */
    public static AgentConfig load(Path file) throws IOException {
        refuseWorldWritable(file);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown setting '" + key + "' (known: " + String.join(", ",
                        KEYS.stream().sorted().toList()) + ")");
            }
        }
        AgentConfig d = defaults();
        StoreConfig store = new StoreConfig(
                longValue(p, "store.maxSegmentBytes", d.store().maxSegmentBytes()),
                longValue(p, "store.maxTotalBytes", d.store().maxTotalBytes()),
                duration(p, "store.maxAge", d.store().maxAge()));
        return new AgentConfig(store, patterns(p.getProperty("exits.store", "")),
                duration(p, "signals.window", d.signalWindow()), duration(p, "exits.settle", d.settle()),
                duration(p, "store.flushInterval", d.flushInterval()),
                bool(p, "store.redactSecrets", d.redactSecrets()),
                p.getProperty("signals.traceInstance", d.traceInstance()).strip(), exports(p, d.exports()),
                optional(p, "store.group").map(g -> Optional.of(g).filter(x -> !x.isEmpty())).orElse(d.storeGroup()));
    }

    private static ExportConfig exports(Properties p, ExportConfig d) {
        return new ExportConfig(
                p.containsKey("export.journal") ? ExportConfig.Journal.parse("export.journal",
                        p.getProperty("export.journal")) : d.journal(),
                path(p, "export.file", d.file()),
                p.containsKey("export.file.format") ? ExportConfig.FileFormat.parse("export.file.format",
                        p.getProperty("export.file.format")) : d.fileFormat(),
                longValue(p, "export.file.maxBytes", d.fileMaxBytes()),
                Math.toIntExact(longValue(p, "export.file.keep", d.fileKeep())),
                optional(p, "metrics.listen").map(v -> v.isEmpty() ? Optional.<InetSocketAddress>empty()
                        : Optional.of(ExportConfig.parseListen("metrics.listen", v))).orElse(d.metricsListen()),
                path(p, "metrics.textfile", d.metricsTextfile()));
    }

    /** A set, non-empty value; an empty one ({@code export.file=}) means none. */
    private static Optional<String> optional(Properties p, String key) {
        return Optional.ofNullable(p.getProperty(key)).map(String::strip);
    }

    private static Optional<Path> path(Properties p, String key, Optional<Path> fallback) {
        Optional<String> v = optional(p, key);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.get().isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(v.get());
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(key + " must be an absolute path, got '" + v.get() + "'");
        }
        return Optional.of(path);
    }

    /**
     * Throws when {@code file} (its target, if a link) or the directory holding it is writable by others. A sticky
     * directory such as {@code /tmp} is refused too: another user may have created the file before us.
     */
    static void refuseWorldWritable(Path file) throws IOException {
        Set<PosixFilePermission> own = Files.getPosixFilePermissions(file);
        if (own.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException("world-writable (mode " + octal(own) + "); refusing to use it, since any"
                    + " user could change what the agent records (chmod o-w " + file + ")");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Set<PosixFilePermission> parent = Files.getPosixFilePermissions(dir);
            if (parent.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IllegalArgumentException("its directory " + dir + " is world-writable (mode " + octal(parent)
                        + "); refusing to use it, since any user could replace the file (move it to a directory only"
                        + " root can write, such as /etc/whokilled)");
            }
        }
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    /** The same settings with other exports. */
    public AgentConfig withExports(ExportConfig next) {
        return new AgentConfig(store, storeExitsOf, signalWindow, settle, flushInterval, redactSecrets, traceInstance,
                next, storeGroup);
    }

    /**
     * What a reload (SIGHUP) takes of {@code next}: the settings the agent reads as it runs (exits.store, the windows,
     * the flush interval, redaction); the store's bounds, the trace instance, the exports and the store's group keep
     * their values until a restart ({@link #restartOnlyChanges}).
     */
    public AgentConfig reloaded(AgentConfig next) {
        return new AgentConfig(store, next.storeExitsOf, next.signalWindow, next.settle, next.flushInterval,
                next.redactSecrets, traceInstance, exports, storeGroup);
    }

    /** The settings {@code next} changes that a reload does not take, by name, for the agent to say so. */
    public List<String> restartOnlyChanges(AgentConfig next) {
        List<String> changed = new ArrayList<>();
        if (!next.store.equals(store)) {
            changed.add("store bounds (store.maxSegmentBytes, store.maxTotalBytes, store.maxAge)");
        }
        if (!next.traceInstance.equals(traceInstance)) {
            changed.add("signals.traceInstance");
        }
        if (!next.exports.equals(exports)) {
            changed.add("export and metrics settings");
        }
        if (!next.storeGroup.equals(storeGroup)) {
            changed.add("store.group");
        }
        return changed;
    }

    /** Whether a normal exit with a non-zero code of a process with this comm is stored. */
    public boolean storesExitOf(String comm) {
        return storeExitsOf.stream().anyMatch(p -> p.matcher(comm).matches());
    }

    private static void positive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
    }

    private static boolean bool(Properties p, String key, boolean fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        switch (v.strip()) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
    }

    private static long longValue(Properties p, String key, long fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of bytes, got '" + v + "'");
        }
    }

    /** ISO-8601 ({@code PT10M}) or a number with a unit: {@code 200ms}, {@code 10s}, {@code 10m}, {@code 30d}. */
    static Duration duration(Properties p, String key, Duration fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        String s = v.strip();
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Duration.parse(s);
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                case 'd':
                    return Duration.ofDays(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(key + " must be a duration such as 200ms, 10s, 10m, 30d or PT10M, got '" + v + "'");
    }

    private static List<Pattern> patterns(String list) {
        List<Pattern> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(Pattern.compile(part.strip()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("exits.store: '" + part.strip() + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        return out;
    }
}
