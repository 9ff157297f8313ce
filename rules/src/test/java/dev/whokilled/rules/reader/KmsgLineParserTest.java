package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KmsgLineParserTest {
    private final KmsgLineParser parser = new KmsgLineParser();

    @Test
    void parse_extraCommaField_isIgnored() {
        KernelRecord r = parsed("6,339,1403190,-,caller=T1;text; with a semicolon");
        assertEquals(OptionalLong.of(339), r.stamp().sequence());
        assertEquals(OptionalLong.of(1_403_190), r.stamp().monotonicMicros());
        assertEquals("text; with a semicolon", r.message());
        assertEquals(Origin.KERNEL, r.origin());
    }

    @Test
    void parse_escapedBytes_areDecodedAsUtf8() {
        // The kernel escapes the backslash and non-printable bytes; \xc3\xa9 is 'é' in UTF-8.
        assertEquals("a\\b\tcaf\u00e9 \\q", parsed("6,1,2,-;a\\x5cb\\x09caf\\xc3\\xa9 \\q").message());
    }

    @Test
    void parse_userspaceFacility_takesIdentAndPidFromTheText() {
        KernelRecord r = parsed("46,416,163238144,-;systemd-journald[2319]: Received SIGTERM from PID 2388 (bash).");
        assertEquals(Origin.USERSPACE, r.origin());
        assertEquals(Optional.of("systemd-journald"), r.provenance().identifier());
        assertEquals(OptionalInt.of(2319), r.provenance().pid());
        assertEquals("Received SIGTERM from PID 2388 (bash).", r.message());
    }

    @Test
    void parse_kernelFacilityWithIdentShape_keepsTheTextWhole() {
        KernelRecord r = parsed("6,417,297272222,-;segv[3828]: segfault at 0 ip 0000562423474139");
        assertEquals(Origin.KERNEL, r.origin());
        assertEquals(Optional.empty(), r.provenance().identifier());
        assertEquals("segv[3828]: segfault at 0 ip 0000562423474139", r.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"6,1,2;no flags field", "x,1,2,-;prio not a number", "6,1,-2,-;negative usec",
        "6,1,2,-", "6,1,99999999999999999999,-;usec overflows", "6,1,2,;empty flags"})
    void parse_brokenHeader_isNotUnderstood(String line) {
        assertInstanceOf(LineResult.NotUnderstood.class, parser.parse(line, 1));
    }

    @Test
    void read_continuationLines_becomeContextOfTheRecordAbove() throws IOException {
        List<KernelRecord> records = Fixtures.read("""
                3,100,5000,-;usb 1-1: device descriptor read/64, error -71
                 SUBSYSTEM=usb
                 DEVICE=c189:1
                6,101,6000,-;next\\x20record
                 SUBSYSTEM=pci
                """);
        assertEquals(2, records.size());
        assertEquals(Map.of("SUBSYSTEM", "usb", "DEVICE", "c189:1"), records.get(0).context());
        assertEquals(Map.of("SUBSYSTEM", "pci"), records.get(1).context());
        assertEquals("next record", records.get(1).message());
        assertEquals(LogFormat.KMSG, records.get(1).format());
    }

    @Test
    void read_continuationWithoutRecord_isCountedNotUnderstood() throws IOException {
        try (RecordStream s = Fixtures.open("""
                6,1,1,-;first
                garbage line
                 SUBSYSTEM=orphan
                6,2,2,-;second
                """)) {
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(List.of(Map.of(), Map.of()), records.stream().map(KernelRecord::context).toList());
            assertEquals(2, s.linesNotUnderstood());
        }
    }

    @Test
    void read_prefilter_continuationLinesFollowTheirRecord() throws IOException {
        String text = """
                6,1,1,-;keep me
                 SUBSYSTEM=kept
                6,2,2,-;drop me
                 SUBSYSTEM=dropped
                 DEVICE=dropped
                6,3,3,-;keep me too
                """;
        LinePrefilter keepWord = (buf, from, to) ->
                new String(buf, from, to - from, java.nio.charset.StandardCharsets.UTF_8).contains("keep");
        try (RecordStream s = Fixtures.open(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Fixtures.UTC_2026.withPrefilter(keepWord))) {
            assertEquals(Optional.of(LogFormat.KMSG), s.format(), "detection does not consult the prefilter");
            List<KernelRecord> records = Fixtures.drain(s);
            assertEquals(List.of("keep me", "keep me too"), records.stream().map(KernelRecord::message).toList());
            assertEquals(Map.of("SUBSYSTEM", "kept"), records.get(0).context());
            assertEquals(3, s.linesSkipped());
            assertEquals(0, s.linesNotUnderstood());
        }
    }

    private KernelRecord parsed(String line) {
        return assertInstanceOf(LineResult.Parsed.class, parser.parse(line, 7)).record();
    }
}
