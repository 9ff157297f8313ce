package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class JournalShortLineParserTest {
    @Test
    void read_shortWithBootMarkers_skipsMarkersAndTakesTheBootId() throws IOException {
        try (RecordStream s = Fixtures.open("""
                Nov 22 17:02:15 vm kernel: Memory cgroup out of memory: Killed process 2137 (python3)
                -- Boot e9a40ae1e47048748e90a0cd74930f8f --
                Nov 22 17:10:00 vm systemd[1]: foo.service: Main process exited, code=killed, status=9/KILL
                -- No entries --
                """)) {
            assertEquals(Optional.of(LogFormat.JOURNAL_SHORT), s.format(), "a marker tells journal from syslog");
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(2, records.size());
            assertEquals(Optional.empty(), records.get(0).stamp().bootId());
            assertEquals(Optional.of("e9a40ae1e47048748e90a0cd74930f8f"), records.get(1).stamp().bootId());
            assertEquals(Origin.USERSPACE, records.get(1).origin());
            assertEquals(0, s.linesNotUnderstood());
        }
    }

    @Test
    void read_shortPrecise_keepsMicroseconds() throws IOException {
        List<KernelRecord> records = Fixtures.read("""
                Nov 22 17:02:15.123456 vm kernel: a
                Nov 22 17:02:15.654321 vm earlyoom[5]: b
                """);
        assertEquals(LogFormat.JOURNAL_SHORT, records.get(0).format());
        assertEquals(Instant.parse("2026-11-22T17:02:15.123456Z"), records.get(0).stamp().wallTime().orElseThrow().instant());
        assertEquals(Origin.UNVERIFIED, records.get(0).origin());
        assertEquals(OptionalInt.of(5), records.get(1).provenance().pid());
    }

    @Test
    void read_shortFull_readsUtcAndIsoPreciseStamps() throws IOException {
        List<KernelRecord> full = Fixtures.read("Sun 2026-11-22 17:03:28 UTC vm kernel: random: crng reseeded\n");
        assertEquals(Instant.parse("2026-11-22T17:03:28Z"), full.get(0).stamp().wallTime().orElseThrow().instant());
        assertEquals("random: crng reseeded", full.get(0).message());
        List<KernelRecord> iso = Fixtures.read("2026-11-22T18:03:28.000250+0100 vm kernel: x\n");
        assertEquals(LogFormat.JOURNAL_SHORT, iso.get(0).format());
        assertEquals(Instant.parse("2026-11-22T17:03:28.000250Z"), iso.get(0).stamp().wallTime().orElseThrow().instant());
    }

    @Test
    void read_shortWithoutMarkers_isTakenForSyslog() throws IOException {
        // Documented tie: the line shapes are identical; only the format label differs.
        assertEquals(LogFormat.SYSLOG, Fixtures.read("Nov 22 17:02:15 vm kernel: x\n").get(0).format());
    }
}
