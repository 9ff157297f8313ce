package dev.whokilled.rules.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.testing.FixtureFiles;
import dev.whokilled.rules.trace.TraceLineOutcome.Ignored;
import dev.whokilled.rules.trace.TraceLineOutcome.Lost;
import dev.whokilled.rules.trace.TraceLineOutcome.Malformed;
import dev.whokilled.rules.trace.TraceLineOutcome.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalGenerateLineParserTest {
    /** The line NOTES §00 records from the first Java probe on this machine. */
    private static final String NOTES_LINE = "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate:"
            + " sig=15 errno=0 code=0 comm=sleep pid=13459 grp=1 res=0";

    private static SignalGenerate parsed(String line) {
        TraceLineOutcome outcome = SignalGenerateLineParser.parse(line);
        return assertInstanceOf(Parsed.class, outcome, () -> "not parsed: " + outcome).event();
    }

    private static List<String> fixtureLines() {
        String text = new String(FixtureFiles.load("tracefs/signal_generate_6.18.txt"), StandardCharsets.UTF_8);
        return text.lines().toList();
    }

    static Stream<String> fixture() {
        return fixtureLines().stream();
    }

    @Test
    void parse_notesLine_extractsEveryField() {
        SignalGenerate e = parsed(NOTES_LINE);
        assertEquals("kill", e.senderComm());
        assertEquals(13461, e.senderTid());
        assertEquals(OptionalInt.of(13461), e.senderTgid());
        assertEquals(1, e.cpu());
        assertEquals("d..1.", e.flags());
        assertEquals(1_612_970_318_000L, e.timestampNanos());
        assertEquals(15, e.signal());
        assertEquals(0, e.errno());
        assertEquals(0, e.code());
        assertEquals("sleep", e.targetComm());
        assertEquals(13459, e.targetPid());
        assertTrue(e.group());
        assertEquals(0, e.result());
    }

    @ParameterizedTest
    @MethodSource("fixture")
    void parse_capturedLine_isParsedOrLost(String line) {
        TraceLineOutcome outcome = SignalGenerateLineParser.parse(line);
        assertTrue(outcome instanceof Parsed || outcome instanceof Lost, () -> line + " -> " + outcome);
    }

    @Test
    void parse_capturedCommsWithSpacesAndDashes_keepsThemWhole() {
        SignalGenerate e = parsed(fixtureLines().get(2));
        assertEquals("my kill-er 2", e.senderComm());
        assertEquals(24607, e.senderTid());
        assertEquals("sl eep-x y", e.targetComm());
        assertEquals(24605, e.targetPid());
    }

    @Test
    void parse_capturedCommFakingAHeader_keepsItWhole() {
        SignalGenerate e = parsed(fixtureLines().get(3));
        assertEquals("x) (  1) [000]", e.senderComm());
        assertEquals(24610, e.senderTid());
        assertEquals(OptionalInt.of(24610), e.senderTgid());
        assertEquals(9, e.signal());
        assertEquals("sleep", e.targetComm());
    }

    @Test
    void parse_capturedAbort_isTkillToItself() {
        SignalGenerate e = parsed(fixtureLines().get(4));
        assertEquals(6, e.signal());
        assertEquals(-6, e.code());
        assertEquals(e.senderTid(), e.targetPid());
        assertFalse(e.group());
    }

    @Test
    void parse_capturedTimerInAnotherTasksInterrupt_senderIsThatTask() {
        SignalGenerate e = parsed(fixtureLines().get(6));
        assertEquals("ThreadedStreamC", e.senderComm());
        assertEquals(24532, e.senderTid());
        assertEquals(OptionalInt.of(24316), e.senderTgid(), "a thread: tid and tgid differ");
        assertEquals(-2, e.code());
        assertEquals("dNh2.", e.flags());
    }

    @Test
    void parse_idleSender_hasNoTgid() {
        SignalGenerate e = parsed(fixtureLines().stream().filter(l -> l.contains("<idle>")).findFirst().orElseThrow());
        assertEquals("<idle>", e.senderComm());
        assertEquals(0, e.senderTid());
        assertEquals(OptionalInt.empty(), e.senderTgid());
    }

    @Test
    void parse_fifteenCharacterComm_hasNoPadding() {
        SignalGenerate e = parsed(fixtureLines().stream().filter(l -> l.contains("abcdefghijklmno")).findFirst().orElseThrow());
        assertEquals("abcdefghijklmno", e.senderComm());
        assertEquals(25644, e.senderTid());
    }

    @Test
    void parse_capturedLostLine_givesCpuAndCount() {
        Lost lost = assertInstanceOf(Lost.class, SignalGenerateLineParser.parse("CPU:1 [LOST 4836 EVENTS]"));
        assertEquals(1, lost.cpu());
        assertEquals(OptionalLong.of(4836), lost.count());
    }

    @Test
    void parse_lostLineWithoutCount_hasEmptyCount() {
        Lost lost = assertInstanceOf(Lost.class, SignalGenerateLineParser.parse("CPU:0 [LOST EVENTS]"));
        assertEquals(OptionalLong.empty(), lost.count());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # sender comm      | sender tid | target comm       | line
            a b-c              | 7          | x pid=1 grp=1     |     a b-c-7       (      7) [000] d..1.    1.000001: signal_generate: sig=9 errno=0 code=0 comm=x pid=1 grp=1 pid=42 grp=0 res=0
            -                  | 8          | -                 |                --8       (      8) [000] d..1.    1.000001: signal_generate: sig=9 errno=0 code=0 comm=- pid=42 grp=0 res=0
            a-1 (1) [0] b      | 9          | c) [1]            |   a-1 (1) [0] b-9       (      9) [000] d..1.    1.000001: signal_generate: sig=9 errno=0 code=0 comm=c) [1] pid=42 grp=0 res=0
            <...>              | 10         | res=0 pid=        |           <...>-10      (     10) [000] d..1.    1.000001: signal_generate: sig=9 errno=0 code=0 comm=res=0 pid= pid=42 grp=0 res=0
            ': x: y'           | 11         | comm=             |          : x: y-11      (     11) [000] d..1.    1.000001: signal_generate: sig=9 errno=0 code=0 comm=comm= pid=42 grp=0 res=0
            """)
    void parse_hostileComms_anchorsFromTheStructure(String senderComm, int tid, String targetComm, String line) {
        SignalGenerate e = parsed(line);
        assertEquals(senderComm, e.senderComm());
        assertEquals(tid, e.senderTid());
        assertEquals(targetComm, e.targetComm());
        assertEquals(42, e.targetPid());
    }

    @Test
    void parse_unknownTrailingField_isIgnored() {
        SignalGenerate e = parsed(NOTES_LINE + " new_field=3");
        assertEquals(13459, e.targetPid());
        assertEquals(0, e.result());
    }

    @Test
    void parse_nanosecondTimestamp_keepsAllDigits() {
        assertEquals(1_612_970_318_123L, parsed(NOTES_LINE.replace("1612.970318", "1612.970318123")).timestampNanos());
    }

    @Test
    void parse_otherEvent_isIgnored() {
        assertInstanceOf(Ignored.class, SignalGenerateLineParser.parse(
                "            bash-900     (    900) [000] ...1.   12.000001: tracing_mark_write: hello"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "# tracer: nop", "#           TASK-PID     TGID     CPU#  ||||   TIMESTAMP  FUNCTION"})
    void parse_blankOrComment_isIgnored(String line) {
        assertInstanceOf(Ignored.class, SignalGenerateLineParser.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate: sig=15 errno=0 code=0 comm=sleep pid=13459 grp=1",
        "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate: sig=15 errno=0 code=0 comm=sleep pid=0 grp=1 res=0",
        "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate: sig=65 errno=0 code=0 comm=sleep pid=1 grp=1 res=0",
        "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate: sig=15 errno=0 code=0 comm=sleep pid=1 grp=2 res=0",
        "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate: sig=15 errno=0 code=99999999999 comm=sleep pid=1 grp=1 res=0",
        "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate: errno=0 code=0 comm=sleep pid=1 grp=1 res=0",
        "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_gen",
        "            kill-13461   (  13461) [001] d..1.",
        "            kill-13461   (13461) [001] d..1.  1612.97: signal_generate: sig=15 errno=0 code=0 comm=sleep pid=1 grp=1 res=0",
        "CPU:1 [LOST 99999999999999999999 EVENTS]",
        "garbage"})
    void parse_brokenLine_isMalformedWithReason(String line) {
        Malformed m = assertInstanceOf(Malformed.class, SignalGenerateLineParser.parse(line));
        assertEquals(line, m.line());
        assertFalse(m.reason().isBlank());
    }

    @Test
    void toSignalSent_unknownSenderComm_isEmpty() {
        SignalSent s = parsed(NOTES_LINE.replace("            kill-", "           <...>-")).toSignalSent(Instant.EPOCH);
        assertEquals(Optional.empty(), s.senderComm());
        assertEquals(13461, s.senderTid());
    }

    @Test
    void toSignalSent_copiesEveryField() {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        SignalSent s = parsed(NOTES_LINE).toSignalSent(at);
        assertEquals(new SignalSent(15, 0, 13459, Optional.of("sleep"), true, 0, 13461, OptionalInt.of(13461),
                Optional.of("kill"), 1_612_970_318_000L, at, Optional.empty()), s);
    }
}
