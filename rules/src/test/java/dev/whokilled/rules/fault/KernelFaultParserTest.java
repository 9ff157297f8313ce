package dev.whokilled.rules.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KernelFaultParserTest {
    private static KernelRecord kernel(String message) {
        return KernelRecord.kernel(1, 297272222, message);
    }

    private static KernelRecord withOrigin(Origin origin, String message) {
        return new KernelRecord(LogFormat.KMSG, 1, Stamp.NONE, Provenance.of(origin), message, Map.of());
    }

    private static KernelFault parsed(String message) {
        Optional<KernelFault> fault = KernelFaultParser.parse(kernel(message));
        assertTrue(fault.isPresent(), () -> "expected a fault from: " + message);
        return fault.get();
    }

    private static String fixtureLine(String resource) throws IOException {
        try (InputStream in = KernelFaultParserTest.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).findFirst().orElseThrow();
        }
    }

    @Test
    void parse_realSegfaultLine_extractsEveryField() throws IOException {
        KernelRecord record = kernel(fixtureLine("/fixtures/fault/segfault-null-read_6.18.txt"));

        KernelFault fault = KernelFaultParser.parse(record).orElseThrow();

        assertEquals(FaultKind.SEGFAULT, fault.kind());
        assertEquals(3828, fault.pid());
        assertEquals("segv", fault.comm());
        assertEquals(OptionalInt.of(11), fault.signal());
        assertEquals(OptionalLong.empty(), fault.uid());
        assertEquals("read of unmapped address 0 (a NULL pointer dereference)", fault.description());
        assertEquals("in segv[1139,562423474000+1000]", fault.location());
        assertEquals(List.of(record), fault.records());
    }

    @ParameterizedTest(name = "error {0} at {1}")
    @CsvSource(delimiter = '|', textBlock = """
            4  | 0            | read of unmapped address 0 (a NULL pointer dereference)
            6  | 8            | write to unmapped address 0x8 (a NULL pointer dereference)
            7  | 7f3a12345000 | write to read-only address 0x7f3a12345000
            5  | 7f3a12345000 | read of protected address 0x7f3a12345000
            14 | 0            | instruction fetch from unmapped address 0 (a NULL pointer dereference)
            15 | 601000       | instruction fetch from non-executable address 0x601000
            1d | 601000       | instruction fetch from non-executable address 0x601000, with a reserved bit set in a page-table entry (page tables corrupt: suspect the kernel or hardware)
            24 | 1000         | read of unmapped address 0x1000, blocked by a memory protection key
            4  | 1000         | read of unmapped address 0x1000
            4  | fff          | read of unmapped address 0xfff (a NULL pointer dereference)
            0  | 10           | read of unmapped address 0x10 (a NULL pointer dereference), from kernel mode
            """)
    void parse_segfaultErrorCodes_describeTheAccess(String error, String address, String expected) {
        KernelFault fault = parsed("prog[42]: segfault at " + address + " ip 0000000000401136 sp 00007ffd2b6c8f10 error "
                + error + " in prog[401000+1000]");

        assertEquals(expected, fault.description());
    }

    @Test
    void parse_segfaultWithoutVmaOrCpu_hasEmptyLocation() {
        // Before 6.2 the CPU suffix is absent; print_vma_addr prints nothing when ip is in no file mapping.
        KernelFault fault = parsed("a.out[25311]: segfault at 0 ip 0000000000400546 sp 00007fff2fb08610 error 4");

        assertEquals("", fault.location());
        assertEquals(25311, fault.pid());
    }

    @Test
    void parse_segfaultWithUnknownTrailingText_keepsItInLocation() {
        KernelFault fault = parsed("segv[3828]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4"
                + " in segv[1139,562423474000+1000] likely on CPU 1 (core 1, socket 0) future=field");

        assertEquals("in segv[1139,562423474000+1000] likely on CPU 1 (core 1, socket 0) future=field", fault.location());
    }

    @ParameterizedTest(name = "comm \"{0}\"")
    @ValueSource(strings = {"my app", "a[1]: b", "x]: segfault", "[9]: y", "w:1 [2]", "t\ty"})
    void parse_hostileComm_anchorsOnTheLastPidBracket(String comm) {
        KernelFault fault = parsed(comm + "[777]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4"
                + " in segv[1139,562423474000+1000]");

        assertEquals(comm, fault.comm());
        assertEquals(777, fault.pid());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "segv[3828]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 in segv[1139,562423474000+1000]",
        "segv[3828]: segfault at zz ip 0000562423474139 sp 00007ffc10aee880 error 4",
        "segv[0]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4",
        "segv[99999999999]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4",
        "segv: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4",
        "segv[3828]: segfault at 10000000000000000 ip 0000562423474139 sp 00007ffc10aee880 error 4",
    })
    void parse_segfaultNearMiss_yieldsNothing(String message) {
        assertEquals(Optional.empty(), KernelFaultParser.parse(kernel(message)));
    }

    @Test
    void parse_userspaceOriginSegfault_yieldsNothing() throws IOException {
        // Anyone with write access to /dev/kmsg can print this line; the kernel files it under a userspace facility.
        String line = fixtureLine("/fixtures/fault/segfault-null-read_6.18.txt");

        assertEquals(Optional.empty(), KernelFaultParser.parse(withOrigin(Origin.USERSPACE, line)));
    }

    @Test
    void parse_unverifiedOriginSegfault_isParsedAndKeepsItsOrigin() throws IOException {
        String line = fixtureLine("/fixtures/fault/segfault-null-read_6.18.txt");

        KernelFault fault = KernelFaultParser.parse(withOrigin(Origin.UNVERIFIED, line)).orElseThrow();

        assertEquals(Origin.UNVERIFIED, fault.anchor().origin());
    }

    // Reconstructed from the format string "%s[%d] %s%s ip:%lx sp:%lx error:%lx" + print_vma_addr(" in ")
    // in arch/x86/kernel/traps.c show_signal at Linux 5.8-6.x (type "", desc "general protection fault"),
    // and "%s[%d] general protection ip:%lx sp:%lx error:%lx" at Linux 2.6.x-4.x.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            traps: java[5123] general protection fault ip:7f1c2d3e4f50 sp:7ffc1a2b3c40 error:0 in libjvm.so[7f1c2c000000+1200000] | java | 5123 | in libjvm.so[7f1c2c000000+1200000]
            traps: a b[c][77] general protection fault ip:401136 sp:7ffd2b6c8f10 error:0                                           | a b[c] | 77 | ''
            java[5123] general protection ip:7f1c2d3e4f50 sp:7ffc1a2b3c40 error:0 in libjvm.so[7f1c2c000000+1200000]               | java | 5123 | in libjvm.so[7f1c2c000000+1200000]
            """)
    void parse_generalProtection_isSigsegv(String message, String comm, int pid, String location) {
        KernelFault fault = parsed(message);

        assertEquals(FaultKind.GENERAL_PROTECTION, fault.kind());
        assertEquals(comm, fault.comm());
        assertEquals(pid, fault.pid());
        assertEquals(OptionalInt.of(11), fault.signal());
        assertEquals(location, fault.location());
    }

    @Test
    void parse_generalProtectionNearMiss_yieldsNothing() {
        // Kernel-mode GP faults are reported by die() as "general protection fault, probably for non-canonical
        // address 0x…: 0000 [#1] SMP": an oops, not a process being killed for its own fault.
        assertEquals(Optional.empty(), KernelFaultParser.parse(kernel(
                "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP NOPTI")));
    }

    // Reconstructed from "%s[%d] %s%s ip:%lx sp:%lx error:%lx" with type "trap " (do_trap, arch/x86/kernel/traps.c,
    // Linux 5.8-6.x); "divide_error" is 5.8's spelling.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            divide error        | 8
            divide_error        | 8
            invalid opcode      | 4
            int3                | 5
            overflow            | 11
            bounds              | 11
            segment not present | 7
            stack segment       | 7
            alignment check     | 7
            invalid TSS         | 11
            """)
    void parse_trap_mapsTheTrapToItsSignal(String trap, int signal) {
        KernelFault fault = parsed("traps: calc[4242] trap " + trap
                + " ip:55d0c0a01139 sp:7ffe5c2a9e00 error:0 in calc[55d0c0a01000+1000]");

        assertEquals(FaultKind.TRAP, fault.kind());
        assertEquals("calc", fault.comm());
        assertEquals(4242, fault.pid());
        assertEquals(OptionalInt.of(signal), fault.signal());
        assertEquals("in calc[55d0c0a01000+1000]", fault.location());
    }

    @Test
    void parse_unknownTrap_hasNoSignal() {
        KernelFault fault = parsed("traps: calc[4242] trap frobnicate ip:55d0c0a01139 sp:7ffe5c2a9e00 error:0");

        assertEquals(OptionalInt.empty(), fault.signal());
        assertEquals("trap 'frobnicate' (not one we know; the signal it sends is unknown)", fault.description());
    }

    @Test
    void parse_trapNearMiss_yieldsNothing() {
        assertEquals(Optional.empty(), KernelFaultParser.parse(kernel(
                "traps: calc[4242] trap invalid opcode ip:55d0c0a01139 error:0")));
    }

    @EnumSource(X86Trap.class)
    @ParameterizedTest
    void signalFor_everyTrapName_roundTrips(X86Trap trap) {
        assertEquals(OptionalInt.of(trap.signal()), X86Trap.signalFor(trap.kernelName()));
    }

    // Reconstructed from "%s/%d: potentially unexpected fatal signal %d.\n" (kernel/signal.c print_fatal_signal,
    // Linux 2.6.x-3.x; seen in a CentOS 6.5 / 2.6.32 log).
    @Test
    void parse_oldFatalSignalLine_namesPidAndSignal() {
        KernelFault fault = parsed("a.out/25311: potentially unexpected fatal signal 11.");

        assertEquals(FaultKind.UNEXPECTED_FATAL_SIGNAL, fault.kind());
        assertEquals("a.out", fault.comm());
        assertEquals(25311, fault.pid());
        assertEquals(OptionalInt.of(11), fault.signal());
    }

    // The later forms "potentially unexpected fatal signal %d." and (2023) "%pD: %s: potentially unexpected fatal
    // signal %d." carry no pid, so they cannot make a KernelFault on their own.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "potentially unexpected fatal signal 11.",
        "/usr/bin/core-cpu1: CS: potentially unexpected fatal signal 11.",
        "a.out/25311: potentially unexpected fatal signal 99.",
    })
    void parse_fatalSignalWithoutPid_yieldsNothing(String message) {
        assertEquals(Optional.empty(), KernelFaultParser.parse(kernel(message)));
    }

    // Reconstructed from kernel/auditsc.c audit_core_dumps + audit_log_task (Linux 4.x-6.x):
    // "auid=%u uid=%u gid=%u ses=%u" " subj=%s" " pid=%d comm=" untrusted " exe=" untrusted " sig=%ld res=1",
    // printed with the "audit: " prefix by audit_printk_skb when no audit daemon is listening.
    @Test
    void parse_auditAbendQuoted_namesProcessUidAndSignal() {
        KernelFault fault = parsed("audit: type=1701 audit(1700000000.123:45): auid=1000 uid=1000 gid=1000 ses=2"
                + " subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 pid=1234 comm=\"x\" exe=\"/usr/bin/x\""
                + " sig=11 res=1");

        assertEquals(FaultKind.AUDIT_ABEND, fault.kind());
        assertEquals(1234, fault.pid());
        assertEquals("x", fault.comm());
        assertEquals(OptionalLong.of(1000), fault.uid());
        assertEquals(OptionalInt.of(11), fault.signal());
        assertEquals("abnormal end by signal 11 (audit ANOM_ABEND), exe /usr/bin/x", fault.description());
    }

    @Test
    void parse_auditAbendHexEncoded_decodesCommAndExe() {
        KernelFault fault = parsed("audit: type=1701 audit(1700000000.123:46): auid=4294967295 uid=0 gid=0"
                + " ses=4294967295 subj=unconfined pid=99 comm=6D792061707020 exe=2F6F70742F6D7920617070 sig=6 res=1");

        assertEquals("my app ", fault.comm());
        assertEquals("abnormal end by signal 6 (audit ANOM_ABEND), exe /opt/my app", fault.description());
        assertEquals(OptionalLong.of(0), fault.uid());
        assertEquals(OptionalInt.of(6), fault.signal());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // type 1700 is ANOM_PROMISCUOUS, not an abnormal end
        "audit: type=1700 audit(1700000000.123:45): dev=eth0 prom=256 old_prom=0 auid=1000 uid=0 gid=0 ses=2",
        "audit: type=1701 audit(1700000000.123:45): auid=1000 uid=1000 gid=1000 ses=2 comm=\"x\" sig=11 res=1",
        "audit: type=1701 audit(1700000000.123:45): auid=1000 uid=1000 pid=1234 comm=not-hex! sig=11 res=1",
    })
    void parse_auditNearMiss_yieldsNothing(String message) {
        assertEquals(Optional.empty(), KernelFaultParser.parse(kernel(message)));
    }

    @Test
    void untrusted_nullValue_isAbsent() {
        assertEquals(Optional.empty(), AuditAbend.untrusted("(null)"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "Out of memory: Killed process 1 (init)", "random text", "segfault at",
        "] trap ", "] general protection", "type=1701 "})
    void parse_unrelatedMessage_yieldsNothing(String message) {
        assertEquals(Optional.empty(), KernelFaultParser.parse(kernel(message)));
    }
}
