package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterTry;

/**
 * {@code explain}'s fast path ({@link StoreAnalysis#scanPid}: sidecar indexes, the byte prefilter)
 * finds exactly the deaths and gaps the full scan finds, on generated stores written by the real
 * {@link EventStore}: reused pids, pids that are prefixes and suffixes of each other, signals
 * stored late, crashes and OOM kills from kernel records, gaps, small segments, torn tails, and
 * indexes that are missing, damaged or stale.
 *
 * <p>Two known limits of the equivalence, kept out of the generator on purpose and documented in
 * docs/benchmarks.md: a gap stored while other processes' entries had moved the kernel clock on
 * (the full scan has settled a death before it reads the gap, the fast path may still cite it),
 * and a reboot (the full scan's reordering by the kernel clock, which restarts, mixes the boots).
 */
class ExplainFastPathPropertiesTest {
    private static final int[] PIDS = {2, 12, 21, 123, 1234, 12345, 4242};
    private static final int[] SENDERS = {900, 1230};
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private Path dir;

    @Property(tries = 60)
    void scanPid_findsWhatTheFullScanFinds(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        dir = Files.createTempDirectory("whokilled-fastpath");
        Path store = dir.resolve("store");
        write(store, random);
        damage(store, random);
        for (int pid : PIDS) {
            Found full = found(pid, sink -> StoreAnalysis.scan(store, TimeWindow.ALL, sink));
            assertEquals(full, found(pid, sink -> StoreAnalysis.scanPid(store, pid, sink)), "pid " + pid + ", seed " + seed);
            // the first fast scan may have rebuilt indexes: the second reads them
            assertEquals(full, found(pid, sink -> StoreAnalysis.scanPid(store, pid, sink)), "pid " + pid + " again, seed " + seed);
        }
    }

    @AfterTry
    void removeStore() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private record Found(List<Death> deaths, List<Gap> gaps) {
    }

    @FunctionalInterface
    private interface Scan {
        StoreAnalysis.Scanned run(Consumer<Death> sink);
    }

    private static Found found(int pid, Scan scan) {
        List<Death> deaths = new ArrayList<>();
        StoreAnalysis.Scanned scanned = scan.run(d -> {
            if (d.termination().subject().pid().equals(OptionalInt.of(pid))) {
                deaths.add(d);
            }
        });
        // explain shows deaths newest first, so the order the correlator emits them in is not an answer
        deaths.sort(Comparator.comparing((Death d) -> d.termination().when().wallTime().orElseThrow().instant())
                .thenComparing(Death::toString));
        return new Found(deaths, scanned.gaps());
    }

    /** Writes a random history through the agent's store, in small segments. */
    private static void write(Path store, Random r) throws IOException {
        Instant wall = T0;
        long mono = 5_000_000_000L;
        String boot = "boot-1";
        long seq = 1;
        Instant now = T0.plus(Duration.ofDays(1));
        StoreConfig config = new StoreConfig(512 + r.nextInt(4096), 1L << 40, Duration.ofDays(3650));
        try (EventStore s = EventStore.open(store, config, Clock.fixed(now, ZoneOffset.UTC))) {
            int events = 5 + r.nextInt(60);
            for (int i = 0; i < events; i++) {
                long step = r.nextInt(4) == 0 ? r.nextInt(500_000_000) : 1_000_000L * r.nextInt(30_000);
                mono += step;
                wall = wall.plusNanos(step);
                int pid = PIDS[r.nextInt(PIDS.length)];
                int sender = SENDERS[r.nextInt(SENDERS.length)];
                switch (r.nextInt(7)) {
                    case 0, 1 -> { // kill -SIG from a sender, its signal stored before or (late) after the exit
                        int sig = r.nextBoolean() ? 9 : 15;
                        SignalSent signal = signal(sig, pid, sender, sender, mono - 300_000, wall.minusNanos(300_000));
                        ProcessExit exit = exit(pid, sig, mono, wall, boot);
                        if (r.nextInt(4) == 0) {
                            s.append(StoreEntry.of(exit));
                            s.append(StoreEntry.of(signal));
                        } else {
                            s.append(StoreEntry.of(signal));
                            s.append(StoreEntry.of(exit));
                        }
                    }
                    case 2 -> { // a segfault: the kernel line, the self-sent SIGSEGV, the exit
                        s.append(StoreEntry.of(kernel(seq++, mono - 100_000, wall, boot,
                                "app[" + pid + "]: segfault at 0 ip 0000000000401000 sp 00007ffc00000000 error 4 in app[400000+1000]"),
                                wall));
                        s.append(StoreEntry.of(signal(11, pid, pid, pid, mono - 90_000, wall.minusNanos(90_000))));
                        s.append(StoreEntry.of(exit(pid, 11, mono, wall, boot)));
                    }
                    case 3 -> { // an OOM kill, its exit sometimes never seen
                        s.append(StoreEntry.of(kernel(seq++, mono - 200_000, wall, boot, "Out of memory: Killed process "
                                + pid + " (app) total-vm:5000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0"
                                + " pgtables:40kB oom_score_adj:0"), wall));
                        if (r.nextBoolean()) {
                            s.append(StoreEntry.of(exit(pid, 9, mono, wall, boot)));
                        }
                    }
                    case 4 -> s.append(StoreEntry.of(exit(pid, 9, mono, wall, boot))); // no sender traced
                    case 5 -> { // a gap, stored after a quiet spell (see the class doc)
                        Instant from = wall;
                        long quiet = 12_000_000_000L + 1_000_000L * r.nextInt(20_000);
                        mono += quiet;
                        wall = wall.plusNanos(quiet);
                        s.append(StoreEntry.of(new Gap(r.nextBoolean() ? "agent" : "kmsg", from, wall,
                                OptionalLong.empty(), "generated gap", wall)));
                    }
                    default -> s.append(StoreEntry.of(exit(SENDERS[0] + 7, 9, mono, wall, boot))); // another process

                }
                if (r.nextInt(3) == 0) {
                    s.flush();
                }
            }
            s.flush();
        }
    }

    /** Damages indexes and tails at random, as crashes, edits and copies do. */
    private static void damage(Path store, Random r) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(store)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path segment : segments) {
            Path index = segment.resolveSibling(segment.getFileName() + ".idx");
            if (!Files.exists(index)) {
                continue;
            }
            switch (r.nextInt(6)) {
                case 0 -> Files.delete(index);
                case 1 -> {
                    byte[] b = Files.readAllBytes(index);
                    b[r.nextInt(b.length)] ^= 0x10;
                    Files.write(index, b);
                }
                case 2 -> Files.setLastModifiedTime(segment, FileTime.from(T0));
                case 3 -> {
                    byte[] b = Files.readAllBytes(index);
                    Files.write(index, Arrays.copyOf(b, r.nextInt(b.length)));
                }
                case 4 -> Files.writeString(segment, "{\"v\":1,\"type\":\"exit\",\"pid\":12", StandardCharsets.US_ASCII,
                        StandardOpenOption.APPEND); // a torn tail in a sealed segment: its index is stale
                default -> {
                }
            }
        }
        if (!segments.isEmpty() && r.nextBoolean()) {
            Files.writeString(segments.get(segments.size() - 1), "{\"v\":1,\"type\":\"signal\",\"target_pid\":12",
                    StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        }
    }

    private static ProcessExit exit(int pid, int signal, long mono, Instant wall, String boot) {
        return new ProcessExit(pid, signal, mono, wall, boot, OptionalInt.of(1),
                Optional.of(identity(pid, "app --pid " + pid)), List.of());
    }

    private static SignalSent signal(int sig, int target, int senderTid, int senderTgid, long mono, Instant wall) {
        return new SignalSent(sig, 0, target, Optional.of("app"), true, 0, senderTid, OptionalInt.of(senderTgid),
                Optional.of("kill"), mono, wall, Optional.of(identity(senderTgid, "kill -" + sig + " " + target)));
    }

    private static ProcessIdentity identity(int pid, String cmdline) {
        return new ProcessIdentity(pid, OptionalLong.of(100), OptionalInt.of(1), Optional.of("app"), Optional.of(cmdline),
                OptionalLong.of(0), Optional.of("/system.slice/app.service"));
    }

    private static KernelRecord kernel(long seq, long mono, Instant wall, String boot, String message) {
        Stamp stamp = new Stamp(OptionalLong.of(seq), OptionalLong.of(mono / 1000),
                Optional.of(new WallTime(wall, TimeBasis.RECEIVED)), Optional.of(boot));
        Provenance provenance = new Provenance(Origin.KERNEL, OptionalInt.of(0), OptionalInt.of(3),
                Optional.of("kernel"), OptionalInt.empty());
        return new KernelRecord(LogFormat.KMSG, 0, stamp, provenance, message, Map.of());
    }
}
