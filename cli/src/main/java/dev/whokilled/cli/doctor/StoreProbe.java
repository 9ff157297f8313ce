package dev.whokilled.cli.doctor;

import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreInventory;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.cli.render.GapText;
import dev.whokilled.rules.counters.CounterOutcome;
import dev.whokilled.rules.counters.KernelCounters;
import dev.whokilled.rules.counters.OomAccounting;
import dev.whokilled.rules.live.Gap;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Doctor's store section: where the store is, what it holds and over which time, whether its
 * files are sound (modes, corrupt lines), whether an agent is writing to it (the lock file's pid
 * is a live process), its newest gap; and the kernel's OOM-kill count set against the kills the
 * store explains. The proc root is a parameter so tests use fake trees. Stateless between calls.
 */
public final class StoreProbe {
    private final Path proc;

    /** Reads the store once: every entry to {@code entries}, and counts the OOM kills it explains for this boot. */
    @FunctionalInterface
    public interface Scan {
        Scanned scan(Consumer<StoreEntry> entries) throws IOException;
    }

    /**
     * What a scan gave besides the entries.
     *
     * @param oomKillsThisBoot kernel OOM kills of this boot that the store explains
     */
    public record Scanned(StoreReader.ScanStats stats, long oomKillsThisBoot) {
    }

    public StoreProbe(Path proc) {
        this.proc = proc;
    }

    /** This boot's id ({@code /proc/sys/kernel/random/boot_id}), to count only this boot's kills. */
    public Optional<String> bootId() {
        return read(proc.resolve("sys/kernel/random/boot_id")).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The store checks for {@code dir}, then the OOM-kill accounting. */
    public List<Check> checks(Path dir, Scan scan) {
        List<Check> checks = new ArrayList<>();
        String what = "store (" + dir + ")";
        StoreInventory inv;
        try {
            inv = StoreInventory.of(dir);
        } catch (NoSuchFileException e) {
            checks.add(Check.missing("store", what, "does not exist: no agent has written there",
                    "start the agent (systemctl enable --now whokilled-agent, or whokilled agent --store " + dir + ")"));
            checks.add(oomAccounting(OptionalLong.empty()));
            return checks;
        } catch (IOException e) {
            checks.add(Check.missing("store", what, "cannot be listed: " + reason(e),
                    "run as root, or as a member of the store's group"));
            checks.add(oomAccounting(OptionalLong.empty()));
            return checks;
        }
        Tally tally = new Tally();
        Scanned scanned = null;
        String scanProblem = null;
        try {
            scanned = scan.scan(tally);
        } catch (IOException e) {
            scanProblem = reason(e);
        }
        checks.add(contents(what, inv, tally, scanProblem));
        checks.add(health(inv, scanned, scanProblem));
        checks.add(writer(inv));
        checks.add(oomAccounting(scanned == null ? OptionalLong.empty() : OptionalLong.of(scanned.oomKillsThisBoot())));
        return checks;
    }

    private static Check contents(String what, StoreInventory inv, Tally tally, String scanProblem) {
        StringBuilder d = new StringBuilder();
        d.append(inv.segments().size()).append(" segment(s), ").append(size(inv.totalBytes()));
        if (tally.first != null) {
            d.append("; ").append(tally.entries).append(" entries observed ").append(GapText.utc(tally.first))
                    .append(" to ").append(GapText.utc(tally.last)).append(" UTC");
        } else if (scanProblem == null) {
            d.append("; no entries yet");
        }
        d.append("; newest gap: ").append(tally.newestGap == null ? "none recorded" : GapText.span(tally.newestGap));
        return Check.ok("store", what, d.toString());
    }

    private static Check health(StoreInventory inv, Scanned scanned, String scanProblem) {
        String what = "store health (modes, lines)";
        List<String> worldWritable = new ArrayList<>();
        List<String> worldReadable = new ArrayList<>();
        List<String> unusual = new ArrayList<>();
        judge("directory", inv.directoryMode(), StoreInventory.DIRECTORY_MODE, worldWritable, worldReadable, unusual);
        inv.lockMode().ifPresent(m -> judge("lock", m, StoreInventory.FILE_MODE, worldWritable, worldReadable, unusual));
        for (StoreInventory.SegmentFile s : inv.segments()) {
            judge(s.path().getFileName().toString(), s.mode(), StoreInventory.FILE_MODE, worldWritable, worldReadable,
                    unusual);
        }
        if (!worldWritable.isEmpty()) {
            return Check.missing("store_health", what, "world-writable: " + String.join(", ", worldWritable)
                            + "; the agent and the CLI refuse it, since any user could forge or delete records",
                    "chmod o-w on them (directory 0750, files 0640)");
        }
        if (scanProblem != null) {
            return Check.missing("store_health", what, "cannot be read: " + scanProblem, "run as root, or as a member of the store's group");
        }
        StringBuilder d = new StringBuilder("modes ").append(unusual.isEmpty() ? "0750/0640" : String.join(", ", unusual));
        StoreReader.ScanStats stats = scanned.stats();
        d.append("; ").append(stats.entries()).append(" entries read, ").append(stats.corruptLines())
                .append(" corrupt line(s)");
        if (stats.unsupportedLines() > 0) {
            d.append(", ").append(stats.unsupportedLines()).append(" of a newer schema (skipped)");
        }
        if (!worldReadable.isEmpty()) {
            return Check.degraded("store_health", what, d + "; world-readable: " + String.join(", ", worldReadable),
                    "chmod o-r on them: stored command lines can hold secrets");
        }
        if (stats.corruptLines() > 0 || stats.unsupportedLines() > 0) {
            return Check.degraded("store_health", what, d.toString(), stats.unsupportedLines() > 0 && stats.corruptLines() == 0
                    ? "read the store with the whokilled version that wrote it"
                    : "a line torn by a crash is expected and dropped on the agent's next start; more mean the files"
                    + " were edited or the disk is failing");
        }
        return Check.ok("store_health", what, d.toString());
    }

    private static void judge(String name, String mode, String expected, List<String> worldWritable,
                              List<String> worldReadable, List<String> unusual) {
        if (StoreInventory.worldWritable(mode)) {
            worldWritable.add(name + " " + mode);
        } else if (StoreInventory.worldReadable(mode)) {
            worldReadable.add(name + " " + mode);
        } else if (!mode.equals(expected)) {
            unusual.add(name + " " + mode);
        }
    }

    private Check writer(StoreInventory inv) {
        String what = "agent writing to the store (lock)";
        String fix = "start the agent (systemctl start whokilled-agent, or whokilled agent --store " + inv.directory() + ")";
        if (inv.lockPid().isEmpty()) {
            return Check.degraded("store_writer", what, inv.lockMode().isPresent() ? "lock free: the last agent stopped cleanly"
                    : "no lock file: no agent has opened the store", fix);
        }
        long pid = inv.lockPid().getAsLong();
        if (running(pid)) {
            String comm = read(proc.resolve(pid + "/comm")).map(String::strip).map(c -> " (" + c + ")").orElse("");
            return Check.ok("store_writer", what, "held by a running agent, pid " + pid + comm);
        }
        return Check.degraded("store_writer", what, "the lock names pid " + pid + ", which is not running: the agent ended without"
                + " closing the store (killed or crashed)", fix + "; the time it was down is recorded as a gap");
    }

    /** Whether a process with this pid exists ({@code /proc/PID}). */
    public boolean running(long pid) {
        return Files.isDirectory(proc.resolve(Long.toString(pid)));
    }

    private Check oomAccounting(OptionalLong explained) {
        String what = "kernel OOM-kill counter (/proc/vmstat oom_kill)";
        Optional<String> vmstat = read(proc.resolve("vmstat"));
        if (vmstat.isEmpty()) {
            return Check.degraded("oom_kill_counter", what, proc.resolve("vmstat") + " not readable", "mount /proc");
        }
        CounterOutcome counted = KernelCounters.vmstatOomKills(vmstat.get());
        if (counted instanceof CounterOutcome.Absent) {
            return Check.degraded("oom_kill_counter", what, "this kernel has no oom_kill counter (Linux 4.13 added it)",
                    "none needed: kills are still explained from the kernel log and the agent's store");
        }
        if (counted instanceof CounterOutcome.Malformed m) {
            return Check.degraded("oom_kill_counter", what, "unreadable line '" + m.line() + "': " + m.reason(), "report this kernel's format");
        }
        long n = counted.count().getAsLong();
        if (explained.isEmpty()) {
            return Check.ok("oom_kill_counter", what, "the kernel counted " + n + " OOM kill" + (n == 1 ? "" : "s")
                    + " this boot; no readable store to compare (whokilled analyze explains those still in the kernel log)");
        }
        OomAccounting a = new OomAccounting(n, explained.getAsLong());
        if (a.complete()) {
            return Check.ok("oom_kill_counter", what, a.sentence("the store"));
        }
        return Check.degraded("oom_kill_counter", what, a.sentence("the store"), a.unexplained() + " happened before the agent started,"
                + " while it was down, or lost their kernel report (see the gaps); whokilled analyze explains those"
                + " still in the kernel log");
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Time range and newest gap of the entries seen. */
    private static final class Tally implements Consumer<StoreEntry> {
        long entries;
        Instant first;
        Instant last;
        Gap newestGap;

        @Override
        public void accept(StoreEntry e) {
            entries++;
            Instant t = e.observedAt();
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
            if (e instanceof StoreEntry.FactEntry f && f.fact() instanceof Gap g) {
                newestGap = newestGap == null || Comparator.comparing(Gap::to).compare(g, newestGap) > 0 ? g : newestGap;
            }
        }
    }
}
