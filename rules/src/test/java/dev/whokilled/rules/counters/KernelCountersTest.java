package dev.whokilled.rules.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OOM counters of /proc/vmstat, cgroup v1 memory.oom_control and v2 memory.events. */
class KernelCountersTest {
    private static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/fixtures/counters", name)).lines()
                .filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void vmstatOomKills_capturedVmstat_readsTheCounter() throws IOException {
        assertEquals(new CounterOutcome.Counted("oom_kill", 17), KernelCounters.vmstatOomKills(fixture("vmstat_6.18.txt")));
    }

    @Test
    void vmstatOomKills_kernelBefore413_isAbsentNotZero() {
        CounterOutcome o = KernelCounters.vmstatOomKills("nr_free_pages 1277845\npgfault 4711\n");
        assertEquals(new CounterOutcome.Absent("oom_kill"), o);
        assertEquals(java.util.OptionalLong.empty(), o.count());
    }

    @Test
    void memcgV1_capturedOomControl_readsOomKillAndHasNoGroupKills() throws IOException {
        MemcgOomCounters c = KernelCounters.memcgV1(fixture("memory.oom_control_v1_6.18.txt"));
        assertEquals(MemcgOomCounters.Version.V1, c.version());
        assertEquals(new CounterOutcome.Counted("oom_kill", 0), c.oomKill());
        assertInstanceOf(CounterOutcome.Absent.class, c.oomGroupKill());
        assertInstanceOf(CounterOutcome.Absent.class, c.oom());
    }

    @Test
    void memcgV2_memoryEvents_readsEachCounterByItsWholeKey() {
        // the layout of memory.events since 5.17 (Documentation/admin-guide/cgroup-v2.rst); no v2 memory
        // controller on the capture host
        String events = """
                low 0
                high 12
                max 40
                oom 3
                oom_kill 2
                oom_group_kill 1
                """;
        MemcgOomCounters c = KernelCounters.memcgV2(events);
        assertEquals(new CounterOutcome.Counted("oom", 3), c.oom());
        assertEquals(new CounterOutcome.Counted("oom_kill", 2), c.oomKill());
        assertEquals(new CounterOutcome.Counted("oom_group_kill", 1), c.oomGroupKill());
    }

    @Test
    void memcgV2_before517_hasNoGroupKillLine() {
        MemcgOomCounters c = KernelCounters.memcgV2("low 0\nhigh 0\nmax 0\noom 1\noom_kill 1\n");
        assertEquals(new CounterOutcome.Absent("oom_group_kill"), c.oomGroupKill());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "oom_kill 1x      | value is not an unsigned decimal: 1x",
        "oom_kill -1      | value is not an unsigned decimal: -1",
        "oom_kill         | expected 'key value', got 1 field(s)",
        "oom_kill 1 2     | expected 'key value', got 3 field(s)",
        "oom_kill 99999999999999999999 | value is not an unsigned decimal: 99999999999999999999",
        "oom_kill 9999999999999999999 | value out of range: 9999999999999999999",
    })
    void counter_brokenLine_isMalformedWithTheReason(String line, String reason) {
        CounterOutcome o = KernelCounters.counter("pgfault 1\n" + line + "\n", "oom_kill");
        CounterOutcome.Malformed m = assertInstanceOf(CounterOutcome.Malformed.class, o);
        assertEquals(reason, m.reason());
        assertEquals(line, m.line());
    }

    @Test
    void counter_truncatedFile_lastLineWithoutNewlineStillCounts() {
        assertEquals(new CounterOutcome.Counted("oom_kill", 5), KernelCounters.counter("pgfault 1\noom_kill 5", "oom_kill"));
    }
}
