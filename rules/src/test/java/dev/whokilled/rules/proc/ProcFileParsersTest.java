package dev.whokilled.rules.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.testing.FixtureFiles;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProcFileParsersTest {

    private static String text(String fixture) {
        return new String(FixtureFiles.load("proc/" + fixture), StandardCharsets.UTF_8);
    }

    private static byte[] hex(String fixture) {
        return HexFormat.of().parseHex(text(fixture).strip());
    }

    private static ProcStat parsed(String content) {
        return assertInstanceOf(StatOutcome.Parsed.class, ProcFileParsers.parseStat(content)).stat();
    }

    @Test
    void parseStat_commWithParenthesesAndSpaces_endsAtLastParenthesis() {
        ProcStat stat = parsed(text("hostile-comm.stat"));

        assertEquals(new ProcStat(27778, "x) (y) z", 'S', 27737, 210068), stat);
    }

    @Test
    void parseStat_kernelThread_hasParentZero() {
        ProcStat stat = parsed(text("kthreadd.stat"));

        assertEquals(2, stat.pid());
        assertEquals("kthreadd", stat.comm());
        assertEquals(0, stat.ppid());
    }

    @Test
    void parseStat_commIsParenthesesOnly_keptVerbatim() {
        ProcStat stat = parsed("7 ()) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0\n");

        assertEquals(")", stat.comm());
        assertEquals(99, stat.startTime());
    }

    @Test
    void parseStat_emptyComm_parses() {
        assertEquals("", parsed("7 () R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0").comm());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                           | no ' (' after the pid
            7 (sleep S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5          | no ')' closing the comm
            x7 (sleep) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5        | pid is not a positive number: x7
            0 (sleep) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5         | pid is not a positive number: 0
            7 (sleep) S 1 7 7                                           | only 4 fields after the comm, starttime (field 22) missing
            7 (sleep) SS 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5        | state is not one letter: SS
            7 (sleep) S -1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5        | ppid (field 4) is not a number: -1
            7 (sleep) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5x        | starttime (field 22) is not a number: 5x
            7 (sleep) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99999999999999999999 | starttime (field 22) is not a number: 99999999999999999999
            """)
    void parseStat_broken_isMalformedWithReason(String content, String reason) {
        StatOutcome.Malformed malformed = assertInstanceOf(StatOutcome.Malformed.class,
                ProcFileParsers.parseStat(content));

        assertEquals(reason, malformed.reason());
        assertEquals(content, malformed.content());
    }

    @Test
    void realUid_rootProcess_isZero() {
        assertEquals(OptionalLong.of(0), ProcFileParsers.realUid(text("hostile-comm.status")));
    }

    @Test
    void realUid_differentRealAndEffective_takesReal() {
        assertEquals(OptionalLong.of(1000), ProcFileParsers.realUid("Name:\tsu\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Name:\tx\n", "Uid:\t\n", "Uid:\tnobody\t0\t0\t0\n"})
    void realUid_missingOrBroken_isEmptyNotZero(String status) {
        assertEquals(OptionalLong.empty(), ProcFileParsers.realUid(status));
    }

    @Test
    void joinCmdline_realArguments_nulsBecomeSpacesAndTrailingGo() {
        String joined = ProcFileParsers.joinCmdline(hex("hostile-comm.cmdline.hex"), 4096);

        assertEquals("python3 -c import ctypes,time; ctypes.CDLL(None).prctl(15, b\"x) (y) z\", 0,0,0); time.sleep(5)"
                + " arg with space", joined);
    }

    @Test
    void joinCmdline_kernelThread_isEmpty() {
        assertEquals("", ProcFileParsers.joinCmdline(new byte[0], 4096));
    }

    @Test
    void joinCmdline_overLimit_cutAndMarked() {
        byte[] raw = "abcdefgh\0".getBytes(StandardCharsets.US_ASCII);

        assertEquals("abcd" + ProcFileParsers.TRUNCATED_MARK, ProcFileParsers.joinCmdline(raw, 4));
        assertEquals("abcdefgh", ProcFileParsers.joinCmdline(raw, 9));
    }

    @Test
    void joinCmdline_invalidUtf8_replacedNotRejected() {
        assertEquals("a\uFFFDb", ProcFileParsers.joinCmdline(new byte[] {'a', (byte) 0xff, 'b', 0}, 4096));
    }

    @Test
    void joinCmdline_nonPositiveLimit_rejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcFileParsers.joinCmdline(new byte[0], 0));
    }

    @Test
    void cgroupPath_hybridHost_takesMemoryControllerNotUnifiedRoot() {
        String content = text("hostile-comm.cgroup");

        assertEquals(Optional.of("/process_api/de55c05b71cc6c825a954a4ef2b9eef3"), ProcFileParsers.cgroupPath(content));
    }

    @Test
    void cgroupPath_pureV2_takesUnifiedLine() {
        assertEquals(Optional.of("/system.slice/nginx.service"),
                ProcFileParsers.cgroupPath("0::/system.slice/nginx.service\n"));
    }

    @Test
    void cgroupPath_memoryCoMounted_found() {
        assertEquals(Optional.of("/user.slice"),
                ProcFileParsers.cgroupPath("5:cpu,cpuacct:/\n4:memory,hugetlb:/user.slice\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage\n", "3:cpuset:/\n1:name=systemd:/x\n"})
    void cgroupPath_noMemoryNoUnified_isEmpty(String content) {
        assertEquals(Optional.empty(), ProcFileParsers.cgroupPath(content));
    }

    @Test
    void identity_allFiles_fillsEveryField() {
        ProcEntry entry = new ProcEntry(27778, Optional.of(text("hostile-comm.stat")),
                Optional.of(text("hostile-comm.status")), Optional.of(hex("hostile-comm.cmdline.hex")),
                Optional.of(text("hostile-comm.cgroup")));

        ProcessIdentity identity = entry.identity(16);

        assertEquals(new ProcessIdentity(27778, OptionalLong.of(210068), OptionalInt.of(27737),
                Optional.of("x) (y) z"), Optional.of("python3 -c impor" + ProcFileParsers.TRUNCATED_MARK),
                OptionalLong.of(0), Optional.of("/process_api/de55c05b71cc6c825a954a4ef2b9eef3")), identity);
    }

    @Test
    void identity_filesMissing_fieldsEmptyNotInvented() {
        ProcessIdentity identity = new ProcEntry(42, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()).identity(4096);

        assertEquals(new ProcessIdentity(42, OptionalLong.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty()), identity);
    }

    @Test
    void identity_statOfAnotherPid_statFieldsDropped() {
        ProcessIdentity identity = new ProcEntry(43, Optional.of(text("kthreadd.stat")), Optional.empty(),
                Optional.of(new byte[0]), Optional.empty()).identity(4096);

        assertEquals(Optional.empty(), identity.comm());
        assertEquals(OptionalLong.empty(), identity.startTime());
        assertEquals(Optional.of(""), identity.cmdline());
    }
}
