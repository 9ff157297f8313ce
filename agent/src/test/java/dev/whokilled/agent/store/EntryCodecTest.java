package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    static Stream<String> hostileStrings() {
        return Stream.of("",
                "plain",
                "line1\nline2\r\n\tend",
                "nul\u0000bell\u0007esc\u001b[31mdel\u007f",
                "lone high \ud800 and lone low \udc00 reversed \udc00\ud800",
                "emoji \ud83d\udca5 accents éàü CJK 殺",
                "quotes \" backslash \\ slash / braces {}[]",
                "\u2028\u2029 line separators",
                "x".repeat(1 << 20));
    }

    @ParameterizedTest
    @MethodSource("hostileStrings")
    void roundTrip_everyTypeWithHostileStrings_isExact(String hostile) {
        Instant at = Instant.parse("2026-11-22T17:53:00.000000001Z");
        for (StoreEntry entry : Samples.everyType(at, hostile)) {
            assertRoundTrips(entry);
        }
        StoreEntry cmdline = StoreEntry.of(new dev.whokilled.rules.live.ProcessExit(7, 0x8b, 5, at, hostile,
                java.util.OptionalInt.of(1), java.util.Optional.of(Samples.identity(7, hostile)), java.util.List.of()));
        assertRoundTrips(cmdline);
    }

    @Test
    void encode_isOneAsciiLine() {
        for (StoreEntry entry : Samples.everyType(Samples.T0, "a\nb\u0000c\ud800é")) {
            byte[] line = EntryCodec.encode(entry);
            for (byte b : line) {
                assertTrue(b >= 0x20 && b < 0x7f, () -> "byte " + b + " in " + new String(line, StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void encode_exit_hasDocumentedShape() {
        String line = new String(EntryCodec.encode(StoreEntry.of(Samples.bareExit(4243, Samples.T0))),
                StandardCharsets.US_ASCII);
        assertEquals("{\"v\":1,\"type\":\"exit\",\"observed_at\":\"2026-11-22T17:53:00.123456789Z\","
                + "\"boot_id\":\"" + Samples.BOOT + "\",\"pid\":4243,\"wait_status\":256,\"monotonic_ns\":0,"
                + "\"orphans\":[]}", line);
    }

    @Test
    void decode_nullOptionalsAndMissingOrphans_areEmpty() {
        String line = "{\"v\":1,\"type\":\"exit\",\"observed_at\":\"2026-11-22T17:53:00.123456789Z\","
                + "\"boot_id\":\"" + Samples.BOOT + "\",\"pid\":4243,\"wait_status\":256,\"monotonic_ns\":0,"
                + "\"parent_pid\":null,\"identity\":null,\"unknown_future_field\":{\"x\":1}}";
        assertEquals(StoreEntry.of(Samples.bareExit(4243, Samples.T0)), entry(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[1,2]",
        "{\"v\":1,\"type\":\"exit\"",
        "{\"type\":\"exit\"}",
        "{\"v\":\"1\",\"type\":\"gap\"}",
        "{\"v\":1}",
        "{\"v\":1,\"type\":\"gap\",\"source\":\"kmsg\",\"from\":\"yesterday\",\"to\":\"2026-11-22T17:53:00Z\","
            + "\"reason\":\"r\",\"observed_at\":\"2026-11-22T17:53:00Z\"}",
        "{\"v\":1,\"type\":\"exit\",\"observed_at\":\"2026-11-22T17:53:00Z\",\"boot_id\":\"b\",\"pid\":-3,"
            + "\"wait_status\":9,\"monotonic_ns\":0}",
        "{\"v\":1,\"type\":\"exit\",\"observed_at\":\"2026-11-22T17:53:00Z\",\"boot_id\":\"b\",\"pid\":3.5,"
            + "\"wait_status\":9,\"monotonic_ns\":0}",
        "{\"v\":1,\"type\":\"exit\",\"observed_at\":\"2026-11-22T17:53:00Z\",\"boot_id\":\"b\",\"pid\":99999999999,"
            + "\"wait_status\":9,\"monotonic_ns\":0}",
        "{\"v\":1,\"v\":1,\"type\":\"gap\"}",
        "{\"v\":1,\"type\":\"kernel\",\"observed_at\":\"2026-11-22T17:53:00Z\",\"format\":\"KMSG\",\"line_number\":0,"
            + "\"stamp\":{},\"provenance\":{\"origin\":\"kernel\"},\"message\":\"m\"}",
        "{\"v\":1,\"type\":\"gap\"} trailing",
        "\u0000\u0000\u0000\u0000"
    })
    void decode_malformedLine_isMalformedNotThrown(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(EntryCodec.Malformed.class, EntryCodec.decode(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"v\":2,\"type\":\"exit\"}", "{\"v\":1,\"type\":\"coredump\",\"pid\":1}"})
    void decode_otherVersionOrType_isUnsupported(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(EntryCodec.Unsupported.class, EntryCodec.decode(bytes, 0, bytes.length));
    }

    @Test
    void decode_invalidUtf8_isMalformed() {
        byte[] bytes = {'{', '"', 'v', '"', ':', '1', ',', '"', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        assertInstanceOf(EntryCodec.Malformed.class, EntryCodec.decode(bytes, 0, bytes.length));
    }

    private static void assertRoundTrips(StoreEntry entry) {
        byte[] line = EntryCodec.encode(entry);
        byte[] framed = new byte[line.length + 4];
        System.arraycopy(line, 0, framed, 2, line.length); // decode from an offset, as the scanner does
        EntryCodec.Decoded decoded = EntryCodec.decode(framed, 2, line.length);
        assertEquals(new EntryCodec.Entry(entry), decoded);
    }

    private static StoreEntry entry(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return assertInstanceOf(EntryCodec.Entry.class, EntryCodec.decode(bytes, 0, bytes.length)).entry();
    }
}
