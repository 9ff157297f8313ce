package dev.whokilled.rules.proc;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One message of a netlink proc connector datagram, decoded by {@link ProcEventDecoder}. Immutable.
 *
 * <p>Pids are the kernel's: {@code pid} is a thread id, {@code tgid} the process id. A fork with
 * {@code childPid != childTgid} made a thread; an exit with {@code pid != tgid} ended a thread, not a process.
 */
public sealed interface ProcEvent {

    /**
     * What every proc connector message carries besides its payload.
     *
     * @param cpu the CPU the event happened on
     * @param seq {@code cn_msg.seq}: a per-CPU counter of proc events, unsigned 32 bits; a jump means lost events
     * @param monotonicNanos {@code proc_event.timestamp_ns}: CLOCK_MONOTONIC, the clock of {@code System.nanoTime}
     */
    record Stamp(int cpu, long seq, long monotonicNanos) {
    }

    /** PROC_EVENT_FORK (0x1): {@code parent} forked {@code child} (a process or, when pid != tgid, a thread). */
    record Fork(Stamp stamp, int parentPid, int parentTgid, int childPid, int childTgid) implements ProcEvent {
        public Fork {
            Objects.requireNonNull(stamp, "stamp");
        }

        public boolean isThread() {
            return childPid != childTgid;
        }
    }

    /** PROC_EVENT_EXEC (0x2): the process executed a new program; its cmdline and comm changed. */
    record Exec(Stamp stamp, int pid, int tgid) implements ProcEvent {
        public Exec {
            Objects.requireNonNull(stamp, "stamp");
        }
    }

    /** PROC_EVENT_COMM (0x200): a task renamed itself (prctl PR_SET_NAME, pthread_setname_np for threads). */
    record Comm(Stamp stamp, int pid, int tgid, String comm) implements ProcEvent {
        public Comm {
            Objects.requireNonNull(stamp, "stamp");
            Objects.requireNonNull(comm, "comm");
        }
    }

    /**
     * PROC_EVENT_EXIT (0x80000000): a task ended.
     *
     * @param exitCode {@code task->exit_code}, a wait(2) status: low 7 bits the terminating signal, 0x80 core
     *     dumped, bits 8-15 the exit code
     * @param exitSignal the signal sent to the parent (SIGCHLD, 17; -1 for threads): <em>not</em> the killing signal
     * @param parentPid the parent's pid, on kernels that report it (and when it is not 0)
     */
    record Exit(Stamp stamp, int pid, int tgid, int exitCode, int exitSignal, OptionalInt parentPid,
                OptionalInt parentTgid) implements ProcEvent {
        public Exit {
            Objects.requireNonNull(stamp, "stamp");
            Objects.requireNonNull(parentPid, "parentPid");
            Objects.requireNonNull(parentTgid, "parentTgid");
        }

        /** True for the thread group leader: the process ended, not one of its threads. */
        public boolean isProcessExit() {
            return pid == tgid;
        }
    }

    /**
     * PROC_EVENT_NONE (0): the kernel's answer to a PROC_CN_MCAST_LISTEN or _IGNORE.
     *
     * @param ack {@code cn_msg.ack}: the sender's {@code ack + 1}, to match an answer with its request
     * @param error 0, or the errno the request failed with (EPERM without CAP_NET_ADMIN)
     */
    record Ack(Stamp stamp, long ack, int error) implements ProcEvent {
        public Ack {
            Objects.requireNonNull(stamp, "stamp");
        }
    }

    /** An event type whokilled does not use (uid, gid, sid, ptrace, coredump, …), or one newer than it. */
    record Unknown(Stamp stamp, int what) implements ProcEvent {
        public Unknown {
            Objects.requireNonNull(stamp, "stamp");
        }
    }

    /** NLMSG_ERROR: netlink reports an error (or, with errno 0, an acknowledgement). */
    record NetlinkError(int errno) implements ProcEvent {
    }

    /** NLMSG_OVERRUN: netlink says data was lost. */
    record Overrun() implements ProcEvent {
    }

    /**
     * The bytes do not hold what a proc connector message must; nothing is taken from them.
     *
     * @param offset where in the datagram the broken message starts
     * @param reason what broke, for a person
     */
    record Malformed(int offset, String reason) implements ProcEvent {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
