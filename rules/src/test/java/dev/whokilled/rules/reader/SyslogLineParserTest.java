package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.TimeBasis;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyslogLineParserTest {
    // Shaped like Debian's kern.log / syslog with rsyslog's imklog: kernel lines carry the printk stamp.
    private static final String CLASSIC = """
            Nov 22 17:02:15 vm kernel: [   83.671561] oom-kill:constraint=CONSTRAINT_MEMCG,task=python3,pid=2137,uid=0
            Nov 22 17:02:15 vm kernel: [   83.671648] Memory cgroup out of memory: Killed process 2137 (python3)
            Nov 22 17:02:15 vm systemd[1]: session-1.scope: A process of this unit has been killed by the OOM killer.
            Nov  2 07:00:01 vm earlyoom[812]: sending SIGTERM to process 4242 uid 1000 "java": badness 900
            Nov 22 17:02:16 vm kernel: [   2137]     0  2137    19507 python3
            Nov 22 17:02:17 vm some message without a tag
            """;

    @Test
    void read_classicSyslog_keepsUserspaceLinesAsUserspaceRecords() throws IOException {
        List<KernelRecord> records = Fixtures.read(CLASSIC);
        assertEquals(6, records.size());
        assertEquals(LogFormat.SYSLOG, records.get(0).format());
        assertEquals(List.of(Origin.UNVERIFIED, Origin.UNVERIFIED, Origin.USERSPACE, Origin.USERSPACE, Origin.UNVERIFIED,
                Origin.USERSPACE), records.stream().map(KernelRecord::origin).toList());
        KernelRecord kill = records.get(1);
        assertEquals(OptionalLong.of(83_671_648), kill.stamp().monotonicMicros());
        assertEquals("Memory cgroup out of memory: Killed process 2137 (python3)", kill.message());
        assertEquals(Instant.parse("2026-11-22T17:02:15Z"), kill.stamp().wallTime().orElseThrow().instant());
        assertEquals(TimeBasis.RECEIVED, kill.stamp().wallTime().orElseThrow().basis());
        KernelRecord systemd = records.get(2);
        assertEquals(Optional.of("systemd"), systemd.provenance().identifier());
        assertEquals(OptionalInt.of(1), systemd.provenance().pid());
        assertEquals("session-1.scope: A process of this unit has been killed by the OOM killer.", systemd.message());
        KernelRecord earlyoom = records.get(3);
        assertEquals(Optional.of("earlyoom"), earlyoom.provenance().identifier());
        assertEquals(Instant.parse("2026-11-02T07:00:01Z"), earlyoom.stamp().wallTime().orElseThrow().instant());
        // An OOM table row is not a printk stamp: no decimal point.
        assertEquals(OptionalLong.empty(), records.get(4).stamp().monotonicMicros());
        assertEquals("[   2137]     0  2137    19507 python3", records.get(4).message());
        assertEquals(Optional.empty(), records.get(5).provenance().identifier());
        assertEquals("some message without a tag", records.get(5).message());
    }

    @Test
    void read_classicSyslog_readsLocalTimeInTheGivenZoneAndYear() throws IOException {
        byte[] text = "Jul  4 12:00:00 vm kernel: x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (RecordStream s = Fixtures.open(text, ReaderOptions.defaults(ZoneId.of("America/New_York"), 2025))) {
            assertEquals(Instant.parse("2025-07-04T16:00:00Z"), s.next().stamp().wallTime().orElseThrow().instant());
        }
    }

    @Test
    void read_rfc3339Syslog_keepsFractionAndOffset() throws IOException {
        List<KernelRecord> records = Fixtures.read("""
                2026-11-22T18:02:15.123456+01:00 vm kernel: [   83.671648] Memory cgroup out of memory: Killed process 2137 (python3)
                2026-11-22T17:02:16Z vm systemd[1]: Started session-2.scope.
                2026-11-22T17:02:17.5-00:30 vm sshd[900]: Accepted publickey
                """);
        assertEquals(LogFormat.SYSLOG, records.get(0).format());
        assertEquals(Instant.parse("2026-11-22T17:02:15.123456Z"), records.get(0).stamp().wallTime().orElseThrow().instant());
        assertEquals(OptionalLong.of(83_671_648), records.get(0).stamp().monotonicMicros());
        assertEquals(Origin.USERSPACE, records.get(1).origin());
        assertEquals(Instant.parse("2026-11-22T17:32:17.5Z"), records.get(2).stamp().wallTime().orElseThrow().instant());
        assertEquals(Optional.of("sshd"), records.get(2).provenance().identifier());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Nov 31 17:02:15 vm kernel: no such day", "Foo 22 17:02:15 vm kernel: month",
        "Nov 22 25:02:15 vm kernel: hour", "Nov 22 17:02:15", "2026-11-22T17:02:15+0000 vm kernel: basic offset",
        "2026-13-22T17:02:15Z vm kernel: month 13"})
    void parse_badStamp_isNotUnderstood(String line) {
        assertInstanceOf(LineResult.NotUnderstood.class,
                new SyslogLineParser(ZoneId.of("UTC"), 2026).parse(line, 1));
    }
}
