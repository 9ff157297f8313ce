package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The six renderings of one real kernel log (fixtures/kernel-6.18-memcg-v1, ground truth in its headers). */
class KernelLogReaderFixtureTest {
    private static final String DIR = "kernel-6.18-memcg-v1/";
    private static final long OOM_KILL_MICROS = 83_671_648;
    private static final String OOM_KILL = "Memory cgroup out of memory: Killed process 2137 (python3)";
    private static final String JOURNALD = "Received SIGTERM from PID 2388 (bash).";

    static Stream<Arguments> renderings() {
        return Stream.of(
                // file, format, origin of journald's own line, whether the OOM line keeps the kernel stamp
                Arguments.of("kmsg.txt", LogFormat.KMSG, Origin.USERSPACE, true),
                Arguments.of("journal-kernel.json", LogFormat.JOURNAL_JSON, Origin.USERSPACE, true),
                Arguments.of("journal-kernel-short-iso.txt", LogFormat.JOURNAL_SHORT, Origin.USERSPACE, false),
                Arguments.of("dmesg-raw.txt", LogFormat.DMESG_RAW, Origin.UNVERIFIED, true),
                Arguments.of("dmesg-plain.txt", LogFormat.DMESG, Origin.UNVERIFIED, true),
                Arguments.of("dmesg-T.txt", LogFormat.DMESG_CTIME, Origin.UNVERIFIED, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void open_realRendering_detectsFormatAndReadsEveryLine(String file, LogFormat format, Origin journaldOrigin,
                                                           boolean keepsMonotonic) throws IOException {
        try (RecordStream stream = Fixtures.open(Fixtures.load(DIR + file), Fixtures.UTC_2026)) {
            assertEquals(Optional.of(format), stream.format());
            List<KernelRecord> records = Fixtures.drain(stream);
            assertEquals(176, records.size());
            assertEquals(176, stream.linesRead());
            assertEquals(0, stream.linesNotUnderstood());
            assertEquals(0, stream.linesTruncated());
            for (int i = 0; i < records.size(); i++) {
                assertEquals(i + 1, records.get(i).lineNumber(), "line numbers follow the input");
                assertEquals(format, records.get(i).format());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void read_journaldLineInKernelLog_getsTheOriginTheRenderingCanProve(String file, LogFormat format,
                                                                        Origin journaldOrigin, boolean keepsMonotonic)
            throws IOException {
        KernelRecord journald = only(file, JOURNALD);
        assertEquals(journaldOrigin, journald.origin());
        assertEquals(83, journald.lineNumber());
        assertTrue(journald.message().endsWith(JOURNALD), journald.message());
        if (journaldOrigin == Origin.USERSPACE) {
            assertEquals(Optional.of("systemd-journald"), journald.provenance().identifier());
            assertEquals(OptionalInt.of(2319), journald.provenance().pid());
            assertEquals(JOURNALD, journald.message(), "the ident[pid]: prefix moves into the provenance");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void read_oomKillLine_keepsTheKernelStampWhereTheRenderingHasIt(String file, LogFormat format,
                                                                   Origin journaldOrigin, boolean keepsMonotonic)
            throws IOException {
        KernelRecord kill = only(file, OOM_KILL);
        assertEquals(82, kill.lineNumber());
        assertEquals(keepsMonotonic ? OptionalLong.of(OOM_KILL_MICROS) : OptionalLong.empty(), kill.stamp().monotonicMicros());
        assertTrue(kill.origin().mayBeKernel());
        assertTrue(kill.message().startsWith(OOM_KILL), kill.message());
    }

    @Test
    void read_kmsg_keepsSequenceFacilityAndLevel() throws IOException {
        List<KernelRecord> records = all("kmsg.txt");
        for (int i = 0; i < records.size(); i++) {
            assertEquals(OptionalLong.of(334 + i), records.get(i).stamp().sequence());
        }
        KernelRecord kill = only("kmsg.txt", OOM_KILL);
        assertEquals(Origin.KERNEL, kill.origin());
        assertEquals(OptionalInt.of(0), kill.provenance().facility());
        assertEquals(OptionalInt.of(3), kill.provenance().level());
        KernelRecord journald = only("kmsg.txt", JOURNALD);
        assertEquals(OptionalInt.of(5), journald.provenance().facility());
        assertEquals(OptionalInt.of(6), journald.provenance().level());
    }

    @Test
    void read_journalJson_correctsTheLateImportTime() throws IOException {
        KernelRecord kill = only("journal-kernel.json", OOM_KILL);
        // __REALTIME_TIMESTAMP 1795367008970039 − (__MONOTONIC 156127068 − _SOURCE_MONOTONIC 83671648)
        assertEquals(Optional.of(new WallTime(Instant.parse("2026-11-22T17:02:16.514619Z"), TimeBasis.CORRECTED)),
                kill.stamp().wallTime());
        assertEquals(Optional.of("e9a40ae1e47048748e90a0cd74930f8f"), kill.stamp().bootId());
        assertEquals(Origin.KERNEL, kill.origin());
        assertEquals(OptionalInt.of(3), kill.provenance().level());
        assertEquals(Optional.of("kernel"), kill.provenance().identifier());
        assertTrue(kill.context().get("__CURSOR").startsWith("s=7c39d607803b408baabfedfee0f64044;i=1a0;"));
        KernelRecord journald = only("journal-kernel.json", JOURNALD);
        assertEquals(OptionalInt.of(5), journald.provenance().facility());
        assertEquals("kernel", journald.context().get("_TRANSPORT"), "kernel transport, yet not a kernel record");
    }

    @Test
    void read_journalShortIso_keepsTheImportTimeAsReceived() throws IOException {
        KernelRecord kill = only("journal-kernel-short-iso.txt", OOM_KILL);
        assertEquals(Optional.of(new WallTime(Instant.parse("2026-11-22T17:03:28Z"), TimeBasis.RECEIVED)),
                kill.stamp().wallTime());
        assertEquals(Origin.UNVERIFIED, kill.origin());
        assertEquals(Optional.of("kernel"), kill.provenance().identifier());
    }

    @Test
    void read_dmesgT_convertsInTheGivenZone() throws IOException {
        KernelRecord kill = only("dmesg-T.txt", OOM_KILL);
        assertEquals(Optional.of(new WallTime(Instant.parse("2026-11-22T17:02:15Z"), TimeBasis.CONVERTED)),
                kill.stamp().wallTime());
    }

    @Test
    void read_dmesgRaw_reportsLevelOnlyWhereItCouldBeTheKernels() throws IOException {
        assertEquals(OptionalInt.of(3), only("dmesg-raw.txt", OOM_KILL).provenance().level());
        KernelRecord journald = only("dmesg-raw.txt", JOURNALD);
        // <7> is 5|6: not provably the kernel's, and "level 7" is only true if it were.
        assertEquals(OptionalInt.of(7), journald.provenance().level());
        assertEquals(OptionalInt.empty(), journald.provenance().facility());
    }

    private static List<KernelRecord> all(String file) throws IOException {
        try (RecordStream stream = Fixtures.open(Fixtures.load(DIR + file), Fixtures.UTC_2026)) {
            return Fixtures.drain(stream);
        }
    }

    private static KernelRecord only(String file, String text) throws IOException {
        List<KernelRecord> found = all(file).stream().filter(r -> r.message().contains(text)).toList();
        assertEquals(1, found.size(), () -> "records containing '" + text + "' in " + file);
        return found.get(0);
    }
}
