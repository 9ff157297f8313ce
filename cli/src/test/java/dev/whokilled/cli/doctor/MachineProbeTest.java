package dev.whokilled.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against fake /proc, /sys and /dev trees: what a bare, and a complete, machine look like. */
class MachineProbeTest {
    @TempDir
    Path root;

    private MachineProbe probe(Optional<Path> journalctl) {
        return new MachineProbe(root.resolve("proc"), root.resolve("sys"), root.resolve("dev"), journalctl);
    }

    private void write(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void checks_bareMachine_everythingMissingWithAFix() throws IOException {
        write("proc/self/status", "Name:\tjava\nCapEff:\t0000000000000000\n");
        write("proc/sys/kernel/dmesg_restrict", "1\n");
        List<Check> checks = probe(Optional.empty()).checks();
        assertEquals(5, checks.size());
        assertEquals(Check.Status.MISSING, checks.get(0).status());
        assertEquals("does not exist", checks.get(0).detail());
        assertEquals(Check.Status.MISSING, checks.get(2).status());
        assertTrue(checks.get(3).fix().orElseThrow().startsWith("mount -t tracefs nodev "));
        assertTrue(checks.stream().filter(c -> c.status() != Check.Status.OK).allMatch(c -> c.fix().isPresent()));
        assertFalse(MachineProbe.kernelLogUsable(checks));
    }

    @Test
    void checks_rootWithTracefsAndCgroupV1_allSourcesOk() throws IOException {
        write("proc/self/status", "CapEff:\t000001ffffffffff\n");
        write("proc/sys/kernel/dmesg_restrict", "0\n");
        write("dev/kmsg", "");
        Files.createDirectories(root.resolve("sys/kernel/tracing/instances"));
        Files.createDirectories(root.resolve("sys/kernel/tracing/events/signal/signal_generate"));
        Files.createDirectories(root.resolve("sys/fs/cgroup/memory"));
        List<Check> checks = probe(Optional.empty()).checks();
        assertEquals(Check.Status.OK, checks.get(0).status());
        assertEquals(Check.Status.OK, checks.get(2).status(), checks.get(2).detail());
        assertEquals(Check.Status.OK, checks.get(3).status(), checks.get(3).detail());
        assertEquals(Check.Status.OK, checks.get(4).status());
        assertTrue(MachineProbe.kernelLogUsable(checks));
    }

    @Test
    void checks_unprivilegedOnNewKernel_procConnectorDegradedNotMissing() throws IOException {
        write("proc/self/status", "CapEff:\t0\n");
        write("proc/sys/kernel/osrelease", "6.18.44-fc-v669\n");
        assertEquals(Check.Status.DEGRADED, probe(Optional.empty()).checks().get(2).status());
        write("proc/sys/kernel/osrelease", "6.1.0-26-amd64\n");
        assertEquals(Check.Status.MISSING, probe(Optional.empty()).checks().get(2).status());
    }

    @Test
    void checks_cgroupV2WithoutMemory_isDegradedAndSaysWhat() throws IOException {
        write("proc/self/status", "CapEff:\t0\n");
        write("sys/fs/cgroup/cgroup.controllers", "cpu io pids\n");
        Check cgroups = probe(Optional.empty()).checks().get(4);
        assertEquals(Check.Status.DEGRADED, cgroups.status());
        assertTrue(cgroups.detail().contains("without the memory controller"));
    }
}
