package dev.whokilled.rules.explain;

import dev.whokilled.rules.cgroup.CgroupIdentity;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The process that died, as far as the evidence identifies it. The pid is empty when the evidence
 * names only a cgroup or a unit (systemd-oomd kills a cgroup; systemd reports a unit's main process).
 *
 * @param comm the kernel's 15-byte task name, verbatim (may hold spaces, brackets, escapes)
 * @param cmdline the command line, when an agent saw it (never from a log)
 * @param unit the systemd unit, from the cgroup or a systemd message
 */
public record Subject(OptionalInt pid, Optional<String> comm, Optional<String> cmdline, OptionalLong uid,
                      Optional<String> cgroup, Optional<String> unit, Optional<String> containerId,
                      Optional<String> podUid) {
    public Subject {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(podUid, "podUid");
    }

    /** A process known by pid and name, with identity derived from its cgroup path when there is one. */
    public static Subject of(OptionalInt pid, Optional<String> comm, OptionalLong uid, Optional<String> cgroup) {
        Optional<CgroupIdentity> id = cgroup.map(CgroupIdentity::parse);
        return new Subject(pid, comm, Optional.empty(), uid, cgroup,
                id.flatMap(CgroupIdentity::unit), id.flatMap(CgroupIdentity::containerId), id.flatMap(CgroupIdentity::podUid));
    }

    /** The same subject with a unit named by a supervisor's message, when the cgroup did not give one. */
    public Subject withUnitIfAbsent(Optional<String> otherUnit) {
        return unit.isPresent() || otherUnit.isEmpty() ? this
                : new Subject(pid, comm, cmdline, uid, cgroup, otherUnit, containerId, podUid);
    }

    /** "python3 (pid 3864)", "pid 3864", "nginx.service" or "an unidentified process", for summaries. */
    public String describe() {
        if (pid.isPresent()) {
            return comm.map(c -> c + " (pid " + pid.getAsInt() + ")").orElse("pid " + pid.getAsInt());
        }
        return comm.or(() -> unit).or(() -> cgroup).orElse("an unidentified process");
    }
}
