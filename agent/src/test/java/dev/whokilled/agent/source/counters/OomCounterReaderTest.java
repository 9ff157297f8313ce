package dev.whokilled.agent.source.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whokilled.rules.counters.CounterOutcome;
import dev.whokilled.rules.counters.MemcgOomCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Sampling the OOM counters over fake /proc and cgroup trees, and once over this machine's. */
class OomCounterReaderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T18:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    private void write(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private OomCounterReader reader(int max) {
        return new OomCounterReader(root.resolve("proc"), root.resolve("cgroup"), CLOCK, max);
    }

    @Test
    void sample_cgroupV1_vmstatAndTheCgroupsThatKilled() throws IOException {
        write("proc/vmstat", "pgfault 1\noom_kill 3\n");
        write("cgroup/memory/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        write("cgroup/memory/system.slice/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        write("cgroup/memory/system.slice/app.service/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        OomCounterSample s = reader(100).sample();
        assertEquals(CLOCK.instant(), s.at());
        assertEquals(new CounterOutcome.Counted("oom_kill", 3), s.vmstat());
        assertEquals(Set.of("/", "/system.slice/app.service"), s.memcgs().keySet());
        assertEquals(new CounterOutcome.Counted("oom_kill", 2), s.memcgs().get("/system.slice/app.service").oomKill());
        assertEquals(3, s.cgroupsVisited());
        assertFalse(s.truncated());
    }

    @Test
    void sample_cgroupV2_readsMemoryEventsAndKeepsUnreadableOnes() throws IOException {
        write("proc/vmstat", "oom_kill 1\n");
        write("cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
        write("cgroup/kubepods/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 0\n");
        write("cgroup/kubepods/pod1/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 0\n");
        write("cgroup/broken/memory.events", "oom_kill x\n");
        OomCounterSample s = reader(100).sample();
        assertEquals(Set.of("/kubepods", "/kubepods/pod1", "/broken"), s.memcgs().keySet());
        assertEquals(MemcgOomCounters.Version.V2, s.memcgs().get("/kubepods").version());
        assertInstanceOf(CounterOutcome.Malformed.class, s.memcgs().get("/broken").oomKill());
    }

    @Test
    void sample_moreCgroupsThanTheBound_stopsAndSaysSo() throws IOException {
        write("proc/vmstat", "oom_kill 0\n");
        for (int i = 0; i < 5; i++) {
            write("cgroup/memory/c" + i + "/memory.oom_control", "oom_kill 0\n");
        }
        write("cgroup/memory/memory.oom_control", "oom_kill 0\n");
        OomCounterSample s = reader(3).sample();
        assertTrue(s.truncated());
        assertEquals(3, s.cgroupsVisited());
    }

    @Test
    void sample_noCgroupsAndOldKernel_absentNotZero() throws IOException {
        write("proc/vmstat", "pgfault 1\n");
        OomCounterSample s = reader(10).sample();
        assertEquals(new CounterOutcome.Absent("oom_kill"), s.vmstat());
        assertTrue(s.memcgs().isEmpty());
        assertEquals(0, s.cgroupsVisited());
    }

    @Test
    void sample_noProc_throws() {
        assertThrows(NoSuchFileException.class, () -> reader(10).sample());
    }

    @Test
    @Tag("live")
    @EnabledOnOs(OS.LINUX)
    void sample_thisMachine_countsAreConsistent() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/vmstat")), "no /proc/vmstat");
        OomCounterSample s = new OomCounterReader(Path.of("/proc"), Path.of("/sys/fs/cgroup"), Clock.systemUTC(), 100_000)
                .sample();
        assumeTrue(s.vmstat() instanceof CounterOutcome.Counted, "kernel without vmstat oom_kill (< 4.13)");
        long total = s.vmstat().count().getAsLong();
        for (var e : s.memcgs().entrySet()) {
            // v1 counts are per cgroup and v2's are hierarchical, but none counts a kill vmstat did not
            e.getValue().oomKill().count().ifPresent(n -> assertTrue(n <= total, e.getKey() + " " + n + " > vmstat " + total));
        }
        if (!s.memcgs().isEmpty() && s.memcgs().values().iterator().next().version() == MemcgOomCounters.Version.V1
                && !s.truncated()) {
            long sum = s.memcgs().values().stream().mapToLong(c -> c.oomKill().count().orElse(0)).sum();
            assertTrue(sum <= total, "v1 per-cgroup counts sum to " + sum + " > vmstat " + total);
        }
    }
}
