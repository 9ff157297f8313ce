package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.TimeBasis;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JournalJsonLineParserTest {
    private final JournalJsonLineParser parser = new JournalJsonLineParser();

    @Test
    void parse_byteArrayMessage_isDecodedAsUtf8() {
        // journald writes values with control characters or invalid UTF-8 as byte arrays.
        KernelRecord r = parsed("{\"MESSAGE\":[104,105,9,195,169,255],\"_TRANSPORT\":\"kernel\"}");
        assertEquals("hi\t\u00e9\ufffd", r.message());
        assertEquals(Origin.KERNEL, r.origin(), "kernel transport without a facility is the kernel");
    }

    @Test
    void parse_repeatedField_takesTheFirst() {
        assertEquals("one", parsed("{\"MESSAGE\":[\"one\",\"two\"]}").message());
        assertEquals("ab", parsed("{\"MESSAGE\":[[97,98],\"two\"]}").message());
    }

    @Test
    void parse_escapes_areDecoded() {
        assertEquals("a\"b\\c/\u00e9\n\t\u2028", parsed("{\"MESSAGE\":\"a\\\"b\\\\c\\/\\u00e9\\n\\t\\u2028\"}").message());
    }

    @Test
    void parse_userspaceEntry_prefersTheTrustedPid() {
        KernelRecord r = parsed("{\"MESSAGE\":\"sending SIGTERM\",\"_TRANSPORT\":\"journal\",\"SYSLOG_IDENTIFIER\":\"earlyoom\","
                + "\"_PID\":\"812\",\"SYSLOG_PID\":\"1\",\"PRIORITY\":\"4\",\"SYSLOG_FACILITY\":\"3\","
                + "\"__REALTIME_TIMESTAMP\":\"1795367008970039\",\"_SYSTEMD_UNIT\":\"earlyoom.service\"}");
        assertEquals(Origin.USERSPACE, r.origin());
        assertEquals(OptionalInt.of(812), r.provenance().pid());
        assertEquals(OptionalInt.of(4), r.provenance().level());
        assertEquals(OptionalInt.of(3), r.provenance().facility());
        assertEquals(Optional.of("earlyoom"), r.provenance().identifier());
        assertEquals("earlyoom.service", r.context().get("_SYSTEMD_UNIT"));
        assertEquals(TimeBasis.RECEIVED, r.stamp().wallTime().orElseThrow().basis(), "no kernel stamp to correct by");
        assertEquals(Instant.parse("2026-11-22T17:03:28.970039Z"), r.stamp().wallTime().orElseThrow().instant());
        assertEquals(OptionalLong.empty(), r.stamp().monotonicMicros());
    }

    @ParameterizedTest
    @CsvSource({"kernel,0,KERNEL", "kernel,5,USERSPACE", "kernel,x,USERSPACE", "syslog,0,USERSPACE", "stdout,0,USERSPACE"})
    void parse_originRule_needsKernelTransportAndFacilityZero(String transport, String facility, Origin origin) {
        KernelRecord r = parsed("{\"MESSAGE\":\"m\",\"_TRANSPORT\":\"" + transport + "\",\"SYSLOG_FACILITY\":\"" + facility + "\"}");
        assertEquals(origin, r.origin());
    }

    @Test
    void parse_sourceLaterThanReceipt_isNotCorrected() {
        KernelRecord r = parsed("{\"MESSAGE\":\"m\",\"__REALTIME_TIMESTAMP\":\"2000000\",\"__MONOTONIC_TIMESTAMP\":\"5\","
                + "\"_SOURCE_MONOTONIC_TIMESTAMP\":\"9\"}");
        assertEquals(TimeBasis.RECEIVED, r.stamp().wallTime().orElseThrow().basis());
        assertEquals(OptionalLong.of(9), r.stamp().monotonicMicros());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"MESSAGE\":null}", "{\"OTHER\":\"x\"}", "{\"MESSAGE\":\"x\"} trailing", "{\"MESSAGE\":{\"a\":1}}",
        "{\"MESSAGE\":\"x\",}", "{\"MESSAGE\":\"\\q\"}", "{\"MESSAGE\":\"\\u00\"}", "{\"MESSAGE\":\"x\"", "{\"MESSAGE\":01}",
        "{\"MESSAGE\":[[[1]]]}", "{\"MESSAGE\":\"tab\there\"}", "{MESSAGE:\"x\"}", "{\"MESSAGE\":nul}"})
    void parse_invalidOrUseless_isNotUnderstood(String line) {
        assertInstanceOf(LineResult.NotUnderstood.class, parser.parse(line, 1));
    }

    @Test
    void parse_deeplyNestedArrays_isRejectedWithoutRecursion() {
        assertInstanceOf(LineResult.NotUnderstood.class, parser.parse("{\"MESSAGE\":" + "[".repeat(60_000) + "}", 1));
    }

    private KernelRecord parsed(String line) {
        return assertInstanceOf(LineResult.Parsed.class, parser.parse(line, 1)).record();
    }
}
