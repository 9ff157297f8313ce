package dev.whokilled.rules.proc;

import dev.whokilled.rules.live.ProcessIdentity;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The raw contents of one {@code /proc/PID} directory's identity files, as read; each is empty when it could not be
 * read (the process exited in between, or access was denied). Immutable, apart from the caller's byte array.
 *
 * @param stat {@code /proc/PID/stat}
 * @param status {@code /proc/PID/status}
 * @param cmdline at most {@code limit + 1} bytes of {@code /proc/PID/cmdline}, see
 *     {@link ProcFileParsers#joinCmdline}
 * @param cgroup {@code /proc/PID/cgroup}
 */
public record ProcEntry(int pid, Optional<String> stat, Optional<String> status, Optional<byte[]> cmdline,
                        Optional<String> cgroup) {
    public ProcEntry {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        Objects.requireNonNull(stat, "stat");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(cgroup, "cgroup");
    }

    /**
     * The identity these contents give: each field empty where its file was missing or did not parse. A stat line
     * that names another pid (the directory's pid was reused between reads, or the content is not this process's)
     * gives no stat fields at all rather than another process's.
     */
    public ProcessIdentity identity(int cmdlineLimit) {
        Optional<ProcStat> parsed = stat.flatMap(content -> ProcFileParsers.parseStat(content)
                        instanceof StatOutcome.Parsed p ? Optional.of(p.stat()) : Optional.empty())
                .filter(s -> s.pid() == pid);
        return new ProcessIdentity(pid,
                parsed.map(s -> OptionalLong.of(s.startTime())).orElse(OptionalLong.empty()),
                parsed.map(s -> OptionalInt.of(s.ppid())).orElse(OptionalInt.empty()),
                parsed.map(ProcStat::comm),
                cmdline.map(raw -> ProcFileParsers.joinCmdline(raw, cmdlineLimit)),
                status.map(ProcFileParsers::realUid).orElse(OptionalLong.empty()),
                cgroup.flatMap(ProcFileParsers::cgroupPath));
    }
}
