package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Lines captured from systemd 252's journalctl -o json (Debian 12, Linux 6.18): fixtures README and a logger --journald run. */
class JournalRecordsTest {
    private static final String SYSTEMD = """
            {"_MACHINE_ID":"3d1219c7c4c5404aaa1f6d2a48adfda4","_UID":"0","_TRANSPORT":"journal","_GID":"0","_PID":"15004",\
            "_RUNTIME_SCOPE":"system","_SOURCE_REALTIME_TIMESTAMP":"1795372054076756","SYSLOG_IDENTIFIER":"systemd",\
            "__CURSOR":"s=705aa5f098704c90a8dc120c5ad9e490;i=7bc;b=4ad603211af34029a26988e9e236c4f5;m=d4000a6e;t=660e1a185de6a;x=cd252a66b2320965",\
            "__REALTIME_TIMESTAMP":"1795372054077034","_BOOT_ID":"4ad603211af34029a26988e9e236c4f5",\
            "MESSAGE":"demo.service: Main process exited, code=killed, status=9/KILL","__MONOTONIC_TIMESTAMP":"3556772462","_HOSTNAME":"vm"}""";

    private static final String KERNEL_SEGFAULT = """
            {"PRIORITY":"6","__REALTIME_TIMESTAMP":"1795367172218467","_TRANSPORT":"kernel","SYSLOG_IDENTIFIER":"kernel",\
            "_HOSTNAME":"vm","__MONOTONIC_TIMESTAMP":"319375495","SYSLOG_FACILITY":"0","_RUNTIME_SCOPE":"system",\
            "MESSAGE":"segv[3828]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4 in segv[1139,562423474000+1000] likely on CPU 1 (core 1, socket 0)",\
            "_SOURCE_MONOTONIC_TIMESTAMP":"297272222",\
            "__CURSOR":"s=7c39d607803b408baabfedfee0f64044;i=1a6;b=e9a40ae1e47048748e90a0cd74930f8f;m=13094887;t=660e07e8a9e63;x=28ac712934abccda",\
            "_MACHINE_ID":"3d1219c7c4c5404aaa1f6d2a48adfda4","_BOOT_ID":"e9a40ae1e47048748e90a0cd74930f8f"}""";

    /** systemd-journald's own line written into /dev/kmsg: kernel transport, userspace facility 5. */
    private static final String JOURNALD_VIA_KMSG = """
            {"_BOOT_ID":"e9a40ae1e47048748e90a0cd74930f8f","_RUNTIME_SCOPE":"system","PRIORITY":"6",\
            "__REALTIME_TIMESTAMP":"1795367172218190","MESSAGE":"Received SIGTERM from PID 2388 (bash).",\
            "__CURSOR":"s=7c39d607803b408baabfedfee0f64044;i=1a5;b=e9a40ae1e47048748e90a0cd74930f8f;m=13094772;t=660e07e8a9d4e;x=52f1f6c0255fa40",\
            "_SOURCE_MONOTONIC_TIMESTAMP":"163238144","_HOSTNAME":"vm","SYSLOG_FACILITY":"5","SYSLOG_IDENTIFIER":"systemd-journald",\
            "_TRANSPORT":"kernel","__MONOTONIC_TIMESTAMP":"319375218","_MACHINE_ID":"3d1219c7c4c5404aaa1f6d2a48adfda4","SYSLOG_PID":"2319"}""";

    @Test
    void parse_systemdEntry_isUserspaceWithIdentifierCursorAndReceiptClock() {
        KernelRecord r = JournalRecords.parse(SYSTEMD).orElseThrow();
        assertEquals(Origin.USERSPACE, r.origin());
        assertEquals(Optional.of("systemd"), r.provenance().identifier());
        assertEquals(OptionalInt.of(15004), r.provenance().pid());
        assertEquals("demo.service: Main process exited, code=killed, status=9/KILL", r.message());
        assertEquals("s=705aa5f098704c90a8dc120c5ad9e490;i=7bc;b=4ad603211af34029a26988e9e236c4f5;m=d4000a6e;"
                + "t=660e1a185de6a;x=cd252a66b2320965", r.context().get("__CURSOR"));
        assertEquals("journal", r.context().get("_TRANSPORT"));
        assertEquals(OptionalLong.of(3556772462L), r.stamp().monotonicMicros());
        assertEquals(Optional.of("4ad603211af34029a26988e9e236c4f5"), r.stamp().bootId());
        assertEquals(0, r.lineNumber());
    }

    @Test
    void parse_kernelEntry_isKernelWithTheKernelsOwnStamp() {
        KernelRecord r = JournalRecords.parse(KERNEL_SEGFAULT).orElseThrow();
        assertEquals(Origin.KERNEL, r.origin());
        assertEquals(OptionalLong.of(297272222L), r.stamp().monotonicMicros());
        assertEquals("kernel", r.context().get("_TRANSPORT"));
    }

    @Test
    void parse_userspaceLineWrittenToKmsg_isNotKernelEvidence() {
        KernelRecord r = JournalRecords.parse(JOURNALD_VIA_KMSG).orElseThrow();
        assertEquals(Origin.USERSPACE, r.origin());
        assertEquals(Optional.of("systemd-journald"), r.provenance().identifier());
        assertEquals(OptionalLong.of(163238144L), r.stamp().monotonicMicros());
    }

    @Test
    void parse_notAnEntry_isEmpty() {
        assertTrue(JournalRecords.parse("").isEmpty());
        assertTrue(JournalRecords.parse("-- Boot 4ad603211af34029a26988e9e236c4f5 --").isEmpty());
        assertTrue(JournalRecords.parse("{\"__CURSOR\":\"s=1\"}").isEmpty());
        assertTrue(JournalRecords.parse("{\"MESSAGE\":\"torn").isEmpty());
    }
}
