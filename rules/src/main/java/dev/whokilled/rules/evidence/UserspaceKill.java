package dev.whokilled.rules.evidence;

import dev.whokilled.rules.cgroup.CgroupIdentity;
import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A userspace OOM killer (earlyoom, systemd-oomd, nohang, …) said it killed a process or a cgroup.
 *
 * @param killer the killer's name ({@code earlyoom}, {@code systemd-oomd})
 * @param killerPid its pid, from the log line's identifier
 * @param victimPid the victim's pid; empty when the killer names a cgroup only (systemd-oomd)
 * @param cgroup the cgroup it killed, when it names one
 * @param reason why, in the killer's words ({@code mem avail: 98 of 7950 MiB (1.23%) …})
 * @param patternId the id of the pattern that matched
 */
public record UserspaceKill(String killer, OptionalInt killerPid, OptionalInt victimPid, Optional<String> victimComm,
                            OptionalInt signal, Optional<String> cgroup, String reason, String patternId,
                            List<KernelRecord> records) implements Evidence {
    public UserspaceKill {
        Objects.requireNonNull(killer, "killer");
        Objects.requireNonNull(killerPid, "killerPid");
        Objects.requireNonNull(victimPid, "victimPid");
        Objects.requireNonNull(victimComm, "victimComm");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(patternId, "patternId");
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("records must not be empty");
        }
    }

    @Override
    public OptionalInt subjectPid() {
        return victimPid;
    }

    @Override
    public Optional<String> subjectUnit() {
        return cgroup.flatMap(c -> CgroupIdentity.parse(c).unit());
    }
}
