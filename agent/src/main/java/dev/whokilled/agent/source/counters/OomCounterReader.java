package dev.whokilled.agent.source.counters;

import dev.whokilled.rules.counters.CounterOutcome;
import dev.whokilled.rules.counters.KernelCounters;
import dev.whokilled.rules.counters.MemcgOomCounters;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Samples the kernel's OOM-kill counters: {@code /proc/vmstat oom_kill} and each memory cgroup's
 * counter (v1 {@code memory.oom_control}, v2 {@code memory.events}). Stateless between samples;
 * one sample at a time per instance (not thread-safe). Roots are parameters; only the agent's
 * wiring names {@code /proc} and {@code /sys/fs/cgroup}.
 *
 * <p>The counters let the agent say "3 OOM kills counted by the kernel, 2 with a full log
 * report": a kill whose report the kmsg ring overwrote, or that happened while the agent was down,
 * still moves the counter. A cgroup removed between listing and reading is skipped (a process or
 * container ending is normal); a removed cgroup also takes its count with it, so the per-cgroup
 * counts say where kills happened, and vmstat how many.
 */
public final class OomCounterReader {
    private final Path proc;
    private final Path cgroupRoot;
    private final Clock clock;
    private final int maxCgroups;

    /**
     * @param cgroupRoot where cgroup hierarchies are mounted ({@code /sys/fs/cgroup}): the v1 memory
     *     hierarchy is {@code memory/} under it, a v2 one the root itself when its
     *     {@code cgroup.controllers} lists {@code memory}
     * @param maxCgroups the most cgroup directories one sample visits (a node can hold thousands)
     */
    public OomCounterReader(Path proc, Path cgroupRoot, Clock clock, int maxCgroups) {
        this.proc = Objects.requireNonNull(proc, "proc");
        this.cgroupRoot = Objects.requireNonNull(cgroupRoot, "cgroupRoot");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxCgroups < 1) {
            throw new IllegalArgumentException("maxCgroups must be positive, got " + maxCgroups);
        }
        this.maxCgroups = maxCgroups;
    }

    /**
     * Reads every counter now.
     *
     * @throws IOException if {@code /proc/vmstat} cannot be read (no procfs: nothing to count)
     */
    public OomCounterSample sample() throws IOException {
        CounterOutcome vmstat = KernelCounters.vmstatOomKills(Files.readString(proc.resolve("vmstat")));
        Map<String, MemcgOomCounters> memcgs = new LinkedHashMap<>();
        int[] visited = {0};
        boolean truncated = false;
        Optional<Hierarchy> hierarchy = hierarchy();
        if (hierarchy.isPresent()) {
            truncated = walk(hierarchy.get(), memcgs, visited);
        }
        return new OomCounterSample(clock.instant(), vmstat, memcgs, visited[0], truncated);
    }

    private record Hierarchy(Path root, MemcgOomCounters.Version version) {
        String file() {
            return version == MemcgOomCounters.Version.V1 ? "memory.oom_control" : "memory.events";
        }
    }

    /** The memory hierarchy: v1's memory controller if mounted, else v2 with the memory controller. */
    private Optional<Hierarchy> hierarchy() {
        Path v1 = cgroupRoot.resolve("memory");
        if (Files.isRegularFile(v1.resolve("memory.oom_control"))) {
            return Optional.of(new Hierarchy(v1, MemcgOomCounters.Version.V1));
        }
        try {
            String controllers = Files.readString(cgroupRoot.resolve("cgroup.controllers"));
            if ((" " + controllers.strip() + " ").contains(" memory ")) {
                return Optional.of(new Hierarchy(cgroupRoot, MemcgOomCounters.Version.V2));
            }
        } catch (IOException e) {
            // no v2 hierarchy at the root
        }
        return Optional.empty();
    }

    /** Visits the hierarchy's directories, at most {@code maxCgroups}; true when it stopped early. */
    private boolean walk(Hierarchy h, Map<String, MemcgOomCounters> out, int[] visited) throws IOException {
        boolean[] truncated = {false};
        Files.walkFileTree(h.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (visited[0] >= maxCgroups) {
                        truncated[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    visited[0]++;
                    read(dir.resolve(h.file())).ifPresent(text -> {
                        MemcgOomCounters c = h.version() == MemcgOomCounters.Version.V1 ? KernelCounters.memcgV1(text)
                                : KernelCounters.memcgV2(text);
                        if (!(c.oomKill() instanceof CounterOutcome.Counted n && n.value() == 0)) {
                            out.put("/" + h.root().relativize(dir).toString(), c);
                        }
                    });
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a cgroup removed while we walk
                }
        });
        return truncated[0];
    }

    /** The file's text; empty when it is gone (the cgroup was removed) or is not there (the v2 root). */
    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ENODEV and the like when a cgroup is torn down mid-read: also just gone
            return Optional.empty();
        }
    }
}
