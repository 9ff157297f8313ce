package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.OomTrigger;
import dev.whokilled.rules.evidence.OomVictim;
import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import dev.whokilled.rules.evidence.UserspaceKill;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Hand-built evidence for rule and correlator tests, shaped like the parsers' output. */
final class Evidences {
    private Evidences() {
    }

    static KernelRecord kernel(long line, String message) {
        return KernelRecord.kernel(line, line * 1000, message);
    }

    static KernelRecord userspace(long line, String identifier, int pid, String message) {
        return new KernelRecord(LogFormat.SYSLOG, line, Stamp.NONE, new Provenance(Origin.USERSPACE, OptionalInt.of(3),
                OptionalInt.of(6), Optional.of(identifier), OptionalInt.of(pid)), message, Map.of());
    }

    /** The second OOM kill of the shared 6.18 capture: victim 3864, trigger 3906, 100 MiB memcg. */
    static OomKill memcgKill(long line) {
        String memcg = "/user.slice/user-0.slice/session-1.scope/ceo-oomtest2";
        return new OomKill(
                new OomVictim(3864, "python3", OptionalLong.of(0), OptionalLong.of(88264), OptionalLong.of(78464),
                        OptionalLong.of(2972), OptionalLong.of(0), OptionalLong.of(216), OptionalInt.of(0), OptionalLong.empty()),
                Optional.of(new OomTrigger("python3", OptionalInt.of(3906), Optional.of("0x100cca(GFP_HIGHUSER_MOVABLE)"),
                        OptionalInt.of(0), OptionalInt.of(0))),
                OomConstraint.MEMCG, true, false, Optional.of(memcg), Optional.of(memcg),
                List.of(new MemoryUsage("memory", 102400, 102400, OptionalLong.of(876237))),
                List.of(candidate(3864, 20359, 221184, "python3"), candidate(3906, 6559, 106496, "python3")),
                false, List.of(),
                List.of(kernel(line - 1, "python3 invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0"),
                        kernel(line, "Memory cgroup out of memory: Killed process 3864 (python3) total-vm:88264kB, anon-rss:78464kB,"
                                + " file-rss:2972kB, shmem-rss:0kB, UID:0 pgtables:216kB oom_score_adj:0")));
    }

    static OomCandidate candidate(int pid, long rss, long pgtablesBytes, String name) {
        return new OomCandidate(pid, OptionalLong.of(0), OptionalLong.of(pid), rss + 1000, rss, OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(pgtablesBytes), 0, 0, name);
    }

    static KernelFault segfault(long line, int pid) {
        return new KernelFault(FaultKind.SEGFAULT, pid, "segv", OptionalInt.of(11), OptionalLong.empty(),
                "read of unmapped address 0 (a NULL pointer dereference)", "in segv[1139,562423474000+1000]",
                List.of(kernel(line, "segv[" + pid + "]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4")));
    }

    static KernelFault auditAbend(long line, int pid, int sig) {
        return new KernelFault(FaultKind.AUDIT_ABEND, pid, "app", OptionalInt.of(sig), OptionalLong.of(1000),
                "abnormal end", "", List.of(kernel(line, "audit: type=1701 audit(1.2:3): pid=" + pid + " comm=\"app\" sig=" + sig)));
    }

    static ServiceEvent service(long line, ServiceEventKind kind, String unit, OptionalInt pid, OptionalInt signal,
                                Optional<String> result) {
        return new ServiceEvent(kind, Optional.of(unit), pid, pid.isPresent() ? Optional.of("java") : Optional.empty(), signal,
                result, OptionalInt.empty(), Optional.empty(), "test", List.of(userspace(line, "systemd", 1, unit + ": test")));
    }

    static ServiceEvent received(long line) {
        return new ServiceEvent(ServiceEventKind.SIGNAL_RECEIVED, Optional.empty(), OptionalInt.of(2319),
                Optional.of("systemd-journald"), OptionalInt.of(15), Optional.empty(), OptionalInt.of(2388),
                Optional.of("bash"), "test", List.of(userspace(line, "systemd-journald", 2319,
                "Received SIGTERM from PID 2388 (bash).")));
    }

    static UserspaceKill earlyoom(long line, int victim) {
        return new UserspaceKill("earlyoom", OptionalInt.of(500), OptionalInt.of(victim), Optional.of("firefox"),
                OptionalInt.of(15), Optional.empty(), "mem avail: 98 of 7950 MiB (1.23%)", "test",
                List.of(userspace(line, "earlyoom", 500, "sending SIGTERM to process " + victim + " uid 1000 \"firefox\"")));
    }
}
