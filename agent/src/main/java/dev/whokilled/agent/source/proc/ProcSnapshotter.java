package dev.whokilled.agent.source.proc;

import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.proc.ProcEntry;
import dev.whokilled.rules.proc.ProcFileParsers;
import dev.whokilled.rules.proc.ProcStat;
import dev.whokilled.rules.proc.StatOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads process identities from a {@code /proc} tree; the parsing is {@link ProcEntry}'s. Thread-safe (stateless
 * apart from its root).
 *
 * <p>A process may exit between any two reads: that is normal, not an error. A missing {@code stat} means the
 * process is gone and gives {@code Optional.empty()}; any other file that cannot be read (gone meanwhile, ESRCH,
 * access denied) leaves its fields empty.
 */
public final class ProcSnapshotter {
    private final Path procRoot;
    private final int cmdlineLimit;
    private final UnaryOperator<String> cmdlineFilter;

    /**
     * @param procRoot {@code /proc} on a real host; a directory laid out like it in tests
     * @param cmdlineLimit bytes of {@code cmdline} kept, see {@link ProcFileParsers#joinCmdline}
     * @param cmdlineFilter applied to every joined command line before it leaves this class (the agent's secret
     *     redaction), so no caller ever holds the raw one
     */
    public ProcSnapshotter(Path procRoot, int cmdlineLimit, UnaryOperator<String> cmdlineFilter) {
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
        if (cmdlineLimit <= 0) {
            throw new IllegalArgumentException("cmdlineLimit must be positive: " + cmdlineLimit);
        }
        this.cmdlineLimit = cmdlineLimit;
        this.cmdlineFilter = Objects.requireNonNull(cmdlineFilter, "cmdlineFilter");
    }

    /** The identity of {@code pid} as {@code /proc} shows it now; empty when the process is gone. */
    public Optional<ProcessIdentity> snapshot(int pid) {
        Path dir = procRoot.resolve(Integer.toString(pid));
        Optional<String> stat = readText(dir.resolve("stat"));
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        ProcEntry entry = new ProcEntry(pid, stat, readText(dir.resolve("status")),
                readBounded(dir.resolve("cmdline"), cmdlineLimit + 1), readText(dir.resolve("cgroup")));
        ProcessIdentity raw = entry.identity(cmdlineLimit);
        return Optional.of(new ProcessIdentity(raw.pid(), raw.startTime(), raw.ppid(), raw.comm(),
                raw.cmdline().map(cmdlineFilter), raw.uid(), raw.cgroup()));
    }

    /** {@code /proc/PID/stat} parsed, or empty when the process is gone or its stat does not parse. */
    public Optional<ProcStat> stat(int pid) {
        return readText(procRoot.resolve(Integer.toString(pid)).resolve("stat"))
                .flatMap(content -> ProcFileParsers.parseStat(content) instanceof StatOutcome.Parsed parsed
                        ? Optional.of(parsed.stat()) : Optional.empty())
                .filter(s -> s.pid() == pid);
    }

    /**
     * The pids of the processes (thread group leaders; {@code /proc} lists no other threads) present now.
     *
     * @throws UncheckedIOException when the root itself cannot be listed: no process table at all, which the agent
     *     must report rather than treat as an empty host
     */
    public List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procRoot)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.length() <= 10 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    long pid = Long.parseLong(name);
                    if (pid > 0 && pid <= Integer.MAX_VALUE) {
                        pids.add((int) pid);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + procRoot + "; no initial process identities", e);
        }
        return pids;
    }

    /** Bytes are decoded leniently: a comm or a cgroup name is not always valid UTF-8. */
    private static Optional<String> readText(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> readBounded(Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(max));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
