package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.OomVictim;
import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import dev.whokilled.rules.evidence.UserspaceKill;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Hand-built facts and evidence shaped like the agent's sources and the log parsers produce them.
 * Times are seconds since boot on one monotonic clock; wall time is a fixed boot instant plus that.
 */
final class Facts {
    static final String BOOT = "b7f1c0de-0000-4000-8000-000000000001";
    static final Instant BOOTED = Instant.parse("2024-05-01T03:00:00Z");
    static final int SIGHUP = 1;
    static final int SIGABRT = 6;
    static final int SIGKILL = 9;
    static final int SIGSEGV = 11;
    static final int SIGTERM = 15;

    private Facts() {
    }

    static long ns(double seconds) {
        return Math.round(seconds * 1e9);
    }

    static Instant wall(double seconds) {
        return BOOTED.plusNanos(ns(seconds));
    }

    static ProcessIdentity process(int pid, long startTime, String comm, String cmdline, long uid) {
        return new ProcessIdentity(pid, OptionalLong.of(startTime), OptionalInt.of(1), Optional.of(comm),
                Optional.of(cmdline), OptionalLong.of(uid), Optional.of("/user.slice/user-1000.slice/session-2.scope"));
    }

    static ProcessIdentity child(int pid, String comm, int ppid) {
        return new ProcessIdentity(pid, OptionalLong.of(5000), OptionalInt.of(ppid), Optional.of(comm),
                Optional.of(comm), OptionalLong.of(1000), Optional.empty());
    }

    static ProcessExit killed(ProcessIdentity who, int signal, double at) {
        return exit(who, signal, at, List.of());
    }

    static ProcessExit exit(ProcessIdentity who, int waitStatus, double at, List<ProcessIdentity> orphans) {
        return new ProcessExit(who.pid(), waitStatus, ns(at), wall(at), BOOT, OptionalInt.of(1), Optional.of(who), orphans);
    }

    static ProcessExit exited(ProcessIdentity who, int code, double at) {
        return exit(who, code << 8, at, List.of());
    }

    /** {@code kill(2)} from {@code sender} to {@code target}: SI_USER, whole group, delivered. */
    static SignalSent kill(ProcessIdentity sender, int target, int signal, double at) {
        return sent(sender, target, signal, SiCodes.SI_USER, 0, at);
    }

    static SignalSent sent(ProcessIdentity sender, int target, int signal, int code, int result, double at) {
        return new SignalSent(signal, code, target, Optional.empty(), true, result, sender.pid(),
                OptionalInt.of(sender.pid()), sender.comm(), ns(at), wall(at), Optional.of(sender));
    }

    /** The kernel signalling thread {@code tid} of process {@code tgid} in its own context (a fault, abort()). */
    static SignalSent self(int tgid, int tid, int signal, int code, double at) {
        return new SignalSent(signal, code, tid, Optional.of("app"), false, 0, tid, OptionalInt.of(tgid),
                Optional.of("app"), ns(at), wall(at), Optional.empty());
    }

    /** The OOM killer's SIGKILL, generated in the context of the allocating task {@code allocator}. */
    static SignalSent oomSignal(int allocator, int target, double at) {
        return new SignalSent(SIGKILL, SiCodes.SI_KERNEL, target, Optional.empty(), true, 0, allocator,
                OptionalInt.of(allocator), Optional.of("python3"), ns(at), wall(at), Optional.empty());
    }

    static KernelRecord kernel(double at, String message) {
        return KernelRecord.kernel(0, Math.round(at * 1e6), message);
    }

    static OomKill oomKill(int pid, String comm, double at) {
        String memcg = "/user.slice/user-1000.slice/session-2.scope/oomtest";
        return new OomKill(new OomVictim(pid, comm, OptionalLong.of(1000), OptionalLong.of(88264), OptionalLong.of(78464),
                OptionalLong.of(2972), OptionalLong.of(0), OptionalLong.of(216), OptionalInt.of(0), OptionalLong.empty()),
                Optional.empty(), OomConstraint.MEMCG, true, false, Optional.of(memcg), Optional.of(memcg),
                List.of(new MemoryUsage("memory", 102400, 102400, OptionalLong.of(911))), List.of(), false,
                List.of("task table"), List.of(kernel(at, "Memory cgroup out of memory: Killed process " + pid + " ("
                        + comm + ") total-vm:88264kB, anon-rss:78464kB, file-rss:2972kB, shmem-rss:0kB, UID:1000")));
    }

    /** An OOM line a process wrote into the kernel log: the kernel forced it to a userspace facility. */
    static OomKill forgedOomKill(int pid, double at) {
        OomKill real = oomKill(pid, "victim", at);
        KernelRecord forged = new KernelRecord(LogFormat.KMSG, 0, Stamp.monotonic(Math.round(at * 1e6)),
                Provenance.of(Origin.USERSPACE), real.anchor().message(), Map.of());
        return new OomKill(real.victim(), real.trigger(), real.constraint(), real.cgroupOom(), real.groupKill(),
                real.oomMemcg(), real.taskMemcg(), real.memory(), real.candidates(), real.reaped(), real.missing(),
                List.of(forged));
    }

    static KernelFault segfault(int pid, double at) {
        return new KernelFault(FaultKind.SEGFAULT, pid, "app", OptionalInt.of(SIGSEGV), OptionalLong.empty(),
                "read of unmapped address 0 (a NULL pointer dereference)", "in app[1139,5624+1000]",
                List.of(kernel(at, "app[" + pid + "]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4")));
    }

    static KernelFault auditAbend(int pid, int sig, double at) {
        return new KernelFault(FaultKind.AUDIT_ABEND, pid, "app", OptionalInt.of(sig), OptionalLong.of(1000),
                "abnormal end", "", List.of(kernel(at, "audit: type=1701 audit(1.2:3): pid=" + pid + " comm=\"app\" sig="
                        + sig)));
    }

    static KernelRecord userspace(double at, String identifier, int pid, String message) {
        return new KernelRecord(LogFormat.JOURNAL_JSON, 0, Stamp.monotonic(Math.round(at * 1e6)),
                new Provenance(Origin.USERSPACE, OptionalInt.of(3), OptionalInt.of(6), Optional.of(identifier),
                        OptionalInt.of(pid)), message, Map.of());
    }

    static UserspaceKill earlyoom(int killerPid, int victim, int signal, double at) {
        return new UserspaceKill("earlyoom", OptionalInt.of(killerPid), OptionalInt.of(victim), Optional.of("firefox"),
                OptionalInt.of(signal), Optional.empty(), "mem avail: 98 of 7950 MiB (1.23%)", "test",
                List.of(userspace(at, "earlyoom", killerPid, "sending SIGTERM to process " + victim)));
    }

    static ServiceEvent stopTimeout(String unit, double at) {
        return new ServiceEvent(ServiceEventKind.STOP_TIMEOUT, Optional.of(unit), OptionalInt.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.of("stop-sigterm"), OptionalInt.empty(), Optional.empty(), "test",
                List.of(userspace(at, "systemd", 1, unit + ": State 'stop-sigterm' timed out. Killing.")));
    }

    static Gap gap(String source, double from, double to, String reason) {
        return new Gap(source, wall(from), wall(to), OptionalLong.of(12), reason, wall(to));
    }
}
