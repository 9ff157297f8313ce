package dev.whokilled.rules.proc;

import java.util.Objects;

/**
 * The fields whokilled uses from one {@code /proc/PID/stat} line. Immutable.
 *
 * @param comm the task name between the parentheses, verbatim (it may itself hold spaces and parentheses)
 * @param state the one-letter state: R, S, D, Z (zombie), T, t, X, I, …
 * @param ppid field 4; 0 for init and kthreadd
 * @param startTime field 22: clock ticks after boot at which the process started; with the pid it names one process
 */
public record ProcStat(int pid, String comm, char state, int ppid, long startTime) {
    public ProcStat {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        Objects.requireNonNull(comm, "comm");
        if (ppid < 0) {
            throw new IllegalArgumentException("ppid must not be negative: " + ppid);
        }
        if (startTime < 0) {
            throw new IllegalArgumentException("startTime must not be negative: " + startTime);
        }
    }
}
