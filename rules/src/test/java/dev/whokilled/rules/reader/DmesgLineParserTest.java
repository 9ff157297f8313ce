package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
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

class DmesgLineParserTest {
    @Test
    void read_dmesgX_facilityNameTellsTheOrigin() throws IOException {
        List<KernelRecord> records = Fixtures.read("""
                kern  :info  : [    1.346697] random: crng reseeded
                user  :notice: [  163.238144] systemd-journald[2319]: Received SIGTERM from PID 2388 (bash).
                kern  :err   : [   83.671648] Memory cgroup out of memory: Killed process 2137 (python3)
                """);
        assertEquals(List.of(Origin.KERNEL, Origin.USERSPACE, Origin.KERNEL), records.stream().map(KernelRecord::origin).toList());
        assertEquals(LogFormat.DMESG, records.get(0).format());
        assertEquals(OptionalInt.of(1), records.get(1).provenance().facility());
        assertEquals(OptionalInt.of(5), records.get(1).provenance().level());
        assertEquals(OptionalInt.of(3), records.get(2).provenance().level());
        assertEquals(OptionalLong.of(83_671_648), records.get(2).stamp().monotonicMicros());
        assertEquals("Memory cgroup out of memory: Killed process 2137 (python3)", records.get(2).message());
    }

    @Test
    void read_dmesgXT_convertedTimeAndFacility() throws IOException {
        List<KernelRecord> records = Fixtures.read("""
                kern  :info  : [Mon Nov  2 09:05:07 2026] hello
                daemon:warn  : [Mon Nov  2 09:05:08 2026] from a daemon
                """);
        assertEquals(LogFormat.DMESG_CTIME, records.get(0).format());
        assertEquals(Optional.of(new WallTime(Instant.parse("2026-11-02T09:05:07Z"), TimeBasis.CONVERTED)),
                records.get(0).stamp().wallTime());
        assertEquals(Origin.USERSPACE, records.get(1).origin());
        assertEquals(OptionalInt.of(3), records.get(1).provenance().facility());
    }

    @Test
    void read_dmesgT_usesTheGivenZone() throws IOException {
        byte[] text = "[Sun Nov 22 17:00:53 2026] text\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (RecordStream s = Fixtures.open(text, ReaderOptions.defaults(ZoneId.of("Europe/Berlin"), 2000))) {
            assertEquals(Instant.parse("2026-11-22T16:00:53Z"), s.next().stamp().wallTime().orElseThrow().instant());
        }
    }

    @Test
    void read_dmesgRawUserspaceFacility_isUserspaceWithoutLevel() throws IOException {
        KernelRecord r = Fixtures.read("<6>[    1.000000] a\n<14>[    2.000000] written by a process\n").get(1);
        assertEquals(Origin.USERSPACE, r.origin());
        assertEquals(OptionalInt.empty(), r.provenance().level());
        assertEquals("written by a process", r.message());
    }

    @Test
    void parse_emptyText_isAnEmptyMessage() {
        LineResult r = new DmesgLineParser().parse("[    5.000001]", 1);
        assertEquals("", assertInstanceOf(LineResult.Parsed.class, r).record().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[    1.34669] five fraction digits", "[ 1.346697 no bracket", "[abc.346697] x",
        "kern  :bogus : [    1.346697] unknown level", "plain text", "[    1.3466970] seven digits"})
    void parse_notDmesg_isNotUnderstood(String line) {
        assertInstanceOf(LineResult.NotUnderstood.class, new DmesgLineParser().parse(line, 1));
    }
}
