package dev.whokilled.rules.live;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the agent knew about a process, read from {@code /proc} while it ran (at start, fork or
 * exec) and kept after it is gone, so a victim's and a sender's identity survive their exit.
 * Immutable.
 *
 * <p>A pid is reused; {@code (pid, startTime)} names one process. {@code startTime} is field 22 of
 * {@code /proc/PID/stat}: clock ticks since boot.
 *
 * @param comm the 15-byte task name, verbatim (may hold spaces, brackets, escapes)
 * @param cmdline the NUL-separated arguments joined by spaces; empty for kernel threads or when unreadable
 * @param cgroup the unified (v2) path, else the memory controller's (v1) path
 */
public record ProcessIdentity(int pid, OptionalLong startTime, OptionalInt ppid, Optional<String> comm,
                              Optional<String> cmdline, OptionalLong uid, Optional<String> cgroup) {
    public ProcessIdentity {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(ppid, "ppid");
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(cgroup, "cgroup");
    }
}
