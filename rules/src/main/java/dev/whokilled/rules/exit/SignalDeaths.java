package dev.whokilled.rules.exit;

import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.DefaultAction;
import dev.whokilled.rules.signal.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * What ending (or pausing) by each signal means for a process, in words for a person: a headline that leads with the
 * answer, then the usual causes and how to tell them apart. Stateless and thread-safe.
 */
final class SignalDeaths {
    private SignalDeaths() {
    }

    /** {@code "Killed by SIGKILL (9): it could not catch this; no cleanup ran."} */
    static String killedHeadline(AnySignal signal, CoreDump core) {
        String by = signal.label() + (core == CoreDump.DUMPED ? ", core dumped" : "");
        if (!(signal instanceof Signal s)) {
            return "Killed by " + by + ": a realtime signal it had no handler for.";
        }
        return switch (s) {
            case SIGKILL -> "Killed by " + by + ": it could not catch this; no cleanup ran.";
            case SIGTERM -> "Killed by " + by + ": a polite stop request it could have handled, but did not.";
            case SIGINT -> "Interrupted by " + by + ": Ctrl+C in its terminal, or kill -INT.";
            case SIGHUP -> "Killed by " + by + ": its terminal or ssh session went away, or a reload request it had no handler for.";
            case SIGPIPE -> "Killed by " + by + ": it wrote to a pipe or socket whose reader had gone away.";
            case SIGQUIT -> "Quit by " + by + ": Ctrl+\\ in its terminal, or kill -QUIT.";
            case SIGABRT -> "Aborted itself with " + by + ": abort(), a failed assert, detected heap corruption or an uncaught C++ exception.";
            case SIGSEGV -> "Crashed with " + by + ": invalid memory access, a bug in the program or a library it loaded.";
            case SIGBUS -> "Crashed with " + by + ": bad memory access, often a memory-mapped file truncated underneath it.";
            case SIGILL -> "Crashed with " + by + ": illegal instruction (built for a newer CPU, or corrupted code).";
            case SIGFPE -> "Crashed with " + by + ": arithmetic fault, usually an integer division by zero.";
            case SIGTRAP -> "Crashed with " + by + ": a breakpoint or trap instruction with no debugger attached.";
            case SIGXCPU -> "Killed by " + by + ": it used up its CPU-time limit (RLIMIT_CPU, ulimit -t).";
            case SIGXFSZ -> "Killed by " + by + ": it wrote a file past its size limit (RLIMIT_FSIZE, ulimit -f).";
            case SIGSYS -> "Killed by " + by + ": a seccomp filter forbade a system call it made.";
            case SIGALRM -> "Killed by " + by + ": a timer it set (alarm, setitimer) fired and it had no handler.";
            default -> "Killed by " + by + ", which it had no handler for.";
        };
    }

    /** {@code "Stopped (paused) by SIGTSTP (20), not dead: fg or kill -CONT resumes it."} */
    static String stoppedHeadline(AnySignal signal) {
        return "Stopped (paused) by " + signal.label() + ", not dead: 'fg' in its shell or 'kill -CONT PID' resumes it.";
    }

    /** Usual causes, how to tell them apart, and where a core went: most useful first. */
    static List<String> killedNotes(AnySignal signal, CoreDump core) {
        List<String> notes = new ArrayList<>();
        if (!signal.usualSenders().isEmpty()) {
            notes.add("Usual senders: " + String.join("; ", signal.usualSenders()) + ".");
        }
        if (signal instanceof Signal s) {
            notes.addAll(specific(s));
        } else {
            notes.add(signal.meaning());
        }
        if (core == CoreDump.DUMPED) {
            notes.add("A core was dumped: 'coredumpctl list' / 'coredumpctl info PID' on systemd hosts; otherwise "
                    + "/proc/sys/kernel/core_pattern says where it went.");
        } else if (core == CoreDump.UNKNOWN) {
            notes.add("Its default action dumps core when 'ulimit -c' allows: try 'coredumpctl list'; "
                    + "/proc/sys/kernel/core_pattern says where cores go.");
        }
        return notes;
    }

    /** The meaning and senders of a stop signal, and how a shell reports it. */
    static List<String> stoppedNotes(AnySignal signal) {
        List<String> notes = new ArrayList<>();
        notes.add(signal.meaning());
        notes.add("Usual senders: " + String.join("; ", signal.usualSenders()) + ".");
        notes.add("bash reports a stopped job as 128+N, like a death: 148 after Ctrl+Z.");
        return notes;
    }

    private static List<String> specific(Signal s) {
        return switch (s) {
            case SIGKILL -> List.of(
                    "To tell them apart, run 'whokilled analyze': an OOM kill leaves 'Out of memory: Killed process PID "
                            + "(COMM)' or 'Memory cgroup out of memory' in the kernel log (journalctl -k | grep -i 'killed process').",
                    "A stop-timeout escalation has a SIGTERM first: systemd logs \"State 'stop-sigterm' timed out. "
                            + "Killing.\", Kubernetes waits terminationGracePeriodSeconds, docker stop waits 10 s by default.",
                    "Containers: 'kubectl describe pod' shows reason OOMKilled, 'docker inspect' shows State.OOMKilled.");
            case SIGTERM -> List.of(
                    "A JVM catches SIGTERM, runs its shutdown hooks, then exits 143: for Java, 143 is an ordinary stop "
                            + "(in a systemd unit, add SuccessExitStatus=143).",
                    "Who asked: 'whokilled analyze', and the journal around that time (systemd 'Stopping UNIT…', "
                            + "kubelet 'Killing container').");
            case SIGHUP -> List.of("Run long jobs under nohup, tmux, screen or systemd-run so a dropped ssh session does not end them.");
            case SIGPIPE -> List.of("Often harmless: 'cmd | head' closes the pipe once it has read enough. In a service, the "
                    + "peer closed the connection and the program does not ignore SIGPIPE.");
            case SIGABRT -> List.of(
                    "Its last stderr lines usually say why: 'free(): invalid pointer', 'Assertion … failed', "
                            + "'terminate called after throwing …'.",
                    "The kernel logs nothing for it by default; a core dump holds the stack.");
            case SIGBUS -> List.of("The kernel usually logs nothing for it: check whether a file it had memory-mapped was "
                    + "truncated, or /dev/shm or another tmpfs it mapped was full.");
            case SIGSEGV -> List.of("The kernel log has the fault: 'COMM[PID]: segfault at ADDR ip … error N in "
                    + "LIB': run 'whokilled analyze' or journalctl -k | grep -E 'segfault|traps:'.");
            case SIGILL, SIGFPE, SIGTRAP -> List.of("The kernel log may have the trap: 'traps: COMM[PID] trap …': run "
                    + "'whokilled analyze' or journalctl -k | grep traps:.");
            case SIGXCPU -> List.of("Check 'ulimit -t', LimitCPU= in the unit, or the batch scheduler's CPU-time limit.");
            case SIGXFSZ -> List.of("Check 'ulimit -f' and LimitFSIZE= in the unit.");
            case SIGSYS -> List.of("With auditing on, the log has 'type=1326 … syscall=N' (SECCOMP); check "
                    + "SystemCallFilter= in the unit or the container's seccomp profile.");
            default -> s.defaultAction() == DefaultAction.CORE || s.defaultAction() == DefaultAction.TERM
                    ? List.of(s.meaning())
                    : List.of();
        };
    }
}
