package dev.whokilled.cli.doctor;

import dev.whokilled.cli.input.KernelLogAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks at this machine for what each whokilled source needs: the kernel log, the journal, the
 * proc connector's capability, tracefs and the cgroup layout. Reads files only; roots are
 * parameters so tests lay out fake trees. Stateless.
 */
public final class MachineProbe {
    /** CAP_NET_ADMIN is bit 12 of the capability sets in /proc/self/status. */
    private static final int CAP_NET_ADMIN = 12;

    private final Path proc;
    private final Path sys;
    private final Path dev;
    private final Optional<Path> journalctl;

    public MachineProbe(Path proc, Path sys, Path dev, Optional<Path> journalctl) {
        this.proc = proc;
        this.sys = sys;
        this.dev = dev;
        this.journalctl = journalctl;
    }

    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(kmsg());
        checks.add(journal());
        checks.add(procConnector());
        checks.add(tracefs());
        checks.add(cgroups());
        return checks;
    }

    /** Whether at least one kernel-log source is usable: the agent can run. */
    public static boolean kernelLogUsable(List<Check> checks) {
        return checks.stream().anyMatch(c -> (c.name().equals("kmsg") || c.name().equals("journal"))
                && c.status() == Check.Status.OK);
    }

    Check kmsg() {
        String what = "kernel log (" + dev.resolve("kmsg") + ")";
        String restrict = read(proc.resolve("sys/kernel/dmesg_restrict")).map(String::strip).orElse("?");
        Optional<String> problem = KernelLogAccess.kmsgProblem(dev.resolve("kmsg"), proc);
        if (problem.isEmpty()) {
            return Check.ok("kmsg", what, "readable (kernel.dmesg_restrict=" + restrict + "); OOM reports and faults, with proof of origin");
        }
        return Check.missing("kmsg", what, problem.get(),
                "run as root or grant CAP_SYSLOG (the systemd unit does)");
    }

    Check journal() {
        String what = "journal (kernel records, systemd and userspace OOM killers)";
        if (journalctl.isEmpty()) {
            return Check.missing("journal", what, "journalctl not installed", "install systemd's journalctl, or rely on /dev/kmsg");
        }
        boolean journalDir = Files.isDirectory(Path.of("/run/log/journal")) || Files.isDirectory(Path.of("/var/log/journal"));
        if (!journalDir) {
            return Check.degraded("journal", what, "journalctl at " + journalctl.get() + ", but no journal files (journald not running)",
                    "start systemd-journald for systemd and earlyoom messages; kernel records come from /dev/kmsg");
        }
        Optional<String> problem = KernelLogAccess.journalProblem(journalctl.get());
        if (problem.isPresent()) {
            return Check.missing("journal", what, problem.get(), "run as root, or add the user to the systemd-journal group");
        }
        return Check.ok("journal", what, "journalctl at " + journalctl.get());
    }

    Check procConnector() {
        String what = "exits (netlink proc connector)";
        if (hasCapability(CAP_NET_ADMIN)) {
            return Check.ok("proc_connector", what, "CAP_NET_ADMIN held: every exit with its wait status");
        }
        String release = read(proc.resolve("sys/kernel/osrelease")).map(String::strip).orElse("?");
        if (atLeast(release, 6, 6)) {
            // 6.6 opened the proc connector to unprivileged listeners; only SO_RCVBUFFORCE still needs the capability.
            return Check.degraded("proc_connector", what, "no CAP_NET_ADMIN; Linux " + release + " lets it subscribe anyway, with a receive"
                    + " buffer capped at net.core.rmem_max (more events lost in a burst)", "run as root or grant CAP_NET_ADMIN");
        }
        return Check.missing("proc_connector", what, "no CAP_NET_ADMIN (Linux " + release + " < 6.6 needs it to join the multicast group)",
                "run as root or grant CAP_NET_ADMIN; without it exits are known only from the kernel log");
    }

    Check tracefs() {
        String what = "signal senders (tracefs signal:signal_generate)";
        Path tracing = sys.resolve("kernel/tracing");
        String release = read(proc.resolve("sys/kernel/osrelease")).map(String::strip).orElse("?");
        if (Files.isDirectory(tracing) && !Files.isExecutable(tracing)) {
            return Check.missing("tracefs", what, "tracefs at " + tracing + " is open to root only (permission denied)",
                    "run as root (the systemd unit does)");
        }
        if (!Files.isDirectory(tracing.resolve("instances"))) {
            Path debug = sys.resolve("kernel/debug/tracing");
            String only = Files.isDirectory(debug.resolve("instances")) ? "; found only under debugfs at " + debug
                    + ", which the agent does not use" : "";
            return Check.missing("tracefs", what, "tracefs not mounted at " + tracing + only + " (Linux " + release + ")",
                    "mount -t tracefs nodev " + tracing + " (the agent never mounts it itself)");
        }
        if (!Files.isDirectory(tracing.resolve("events/signal/signal_generate"))) {
            return Check.missing("tracefs", what, "tracefs at " + tracing + " has no signal:signal_generate event",
                    "a kernel built with CONFIG_FTRACE and signal tracepoints is needed");
        }
        if (!Files.isWritable(tracing.resolve("instances"))) {
            return Check.missing("tracefs", what, "tracefs at " + tracing + " is not writable", "run as root (or CAP_DAC_OVERRIDE)");
        }
        return Check.ok("tracefs", what, "tracefs at " + tracing + ", signal_generate available (Linux " + release + ")");
    }

    Check cgroups() {
        String what = "cgroups (memory limits, units, containers)";
        Path root = sys.resolve("fs/cgroup");
        boolean v1Memory = Files.isDirectory(root.resolve("memory"));
        Optional<String> v2Controllers = read(root.resolve("cgroup.controllers"))
                .or(() -> read(root.resolve("unified/cgroup.controllers")));
        if (v1Memory) {
            // systemd's "hybrid" layout: v1 controllers, and an empty v2 hierarchy at unified/ for process tracking
            return Check.ok("cgroups", what, (v2Controllers.isPresent() ? "hybrid: " : "") + "cgroup v1, memory controller at "
                    + root.resolve("memory") + " (OOM counters in memory.oom_control)"
                    + v2Controllers.map(c -> "; cgroup v2 at " + root.resolve("unified") + " with "
                    + (c.isBlank() ? "no controllers" : "controllers [" + c.strip() + "]")).orElse(""));
        }
        if (v2Controllers.isPresent()) {
            boolean memory = (" " + v2Controllers.get().strip() + " ").contains(" memory ");
            return memory ? Check.ok("cgroups", what, "cgroup v2 (unified) at " + root + " with the memory controller"
                    + " (OOM counters in memory.events)")
                    : Check.degraded("cgroups", what, "cgroup v2 without the memory controller",
                    "memory cgroup OOM kills are still reported; per-cgroup OOM counters are not");
        }
        return Check.degraded("cgroups", what, "no cgroup hierarchy found under " + root, "mount cgroup2 on " + root);
    }

    /** Whether a kernel release string ({@code 6.18.44-fc-v669}) is at least major.minor. */
    static boolean atLeast(String release, int major, int minor) {
        String[] parts = release.split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean hasCapability(int bit) {
        for (String line : read(proc.resolve("self/status")).orElse("").split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) >>> bit & 1) == 1;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
