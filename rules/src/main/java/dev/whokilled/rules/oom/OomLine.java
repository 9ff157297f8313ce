package dev.whokilled.rules.oom;

import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomVictim;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One recognised line of a kernel OOM report, with its fields. Immutable. {@link OomLineParser}
 * produces these; {@link OomReportAssembler} puts them together into evidence.
 */
public sealed interface OomLine {

    /**
     * {@code python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0}; older kernels print
     * {@code gfp_mask=0x280da, order=0, oom_adj=0, oom_score_adj=0} (RHEL 6 even misspells it {@code oom_scoe_adj}),
     * 4.x adds {@code nodemask=…,} before the order.
     *
     * @param comm the allocating task ({@code current->comm}), the trigger
     * @param gfpMask as printed, with the decoded flags when present: {@code 0xcc0(GFP_KERNEL)}
     */
    record ReportHeader(String comm, String gfpMask, OptionalInt order, OptionalInt oomScoreAdj, OptionalInt oomAdj)
            implements OomLine {
        public ReportHeader {
            Objects.requireNonNull(comm, "comm");
            Objects.requireNonNull(gfpMask, "gfpMask");
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(oomScoreAdj, "oomScoreAdj");
            Objects.requireNonNull(oomAdj, "oomAdj");
        }
    }

    /**
     * The first line of the stack dump after the header, naming the allocating task: {@code CPU: 1 UID: 0 PID: 2137
     * Comm: python3 Not tainted …} (6.x), {@code CPU: 1 PID: 2137 Comm: python3 …} (3.10 to 6.x), {@code Pid: 2376,
     * comm: mal-80 Not tainted …} (2.6.32 to 3.9). The comm is followed by free text (taint flags, kernel release),
     * and a comm may contain spaces, so the line is kept whole and compared with the header's comm by {@link #isFor}.
     *
     * @param cpu the CPU, when printed
     * @param uid the task's uid, printed since 6.x
     * @param commAndRest everything after {@code Comm: } / {@code comm: }
     */
    record TriggerTask(OptionalInt cpu, OptionalLong uid, int pid, String commAndRest) implements OomLine {
        public TriggerTask {
            Objects.requireNonNull(cpu, "cpu");
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(commAndRest, "commAndRest");
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be positive: " + pid);
            }
        }

        /** Whether this line names a task with the given comm (the comm is printed first, then a space). */
        public boolean isFor(String comm) {
            return commAndRest.equals(comm) || commAndRest.startsWith(comm + " ");
        }
    }

    /** {@code memory: usage 65536kB, limit 65536kB, failcnt 911}, and the {@code memory+swap:}, {@code swap:}, {@code kmem:} lines. */
    record CgroupCounter(MemoryUsage usage) implements OomLine {
        public CgroupCounter {
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** {@code Memory cgroup stats for /path:}; the first one of a report names the cgroup whose limit was hit. */
    record CgroupStatsHeader(String memcg) implements OomLine {
        public CgroupStatsHeader {
            Objects.requireNonNull(memcg, "memcg");
        }
    }

    /** {@code Task in /a killed as a result of limit of /b} (2.6.32 to 4.19; replaced by the summary line in 5.0). */
    record TaskInMemcg(String taskMemcg, String oomMemcg) implements OomLine {
        public TaskInMemcg {
            Objects.requireNonNull(taskMemcg, "taskMemcg");
            Objects.requireNonNull(oomMemcg, "oomMemcg");
        }
    }

    /** {@code [  pid  ]   uid  tgid total_vm      rss … name}: the task table starts, in this layout. */
    record TaskTableHeader(TableLayout layout) implements OomLine {
        public TaskTableHeader {
            Objects.requireNonNull(layout, "layout");
        }
    }

    /** One row of the task table, read by the layout of the last header. */
    record TaskTableRow(OomCandidate candidate) implements OomLine {
        public TaskTableRow {
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /**
     * The one-line summary {@code oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,
     * oom_memcg=/a,task_memcg=/a/b,task=python3,pid=2137,uid=0} (4.19+; {@code global_oom} instead of
     * {@code oom_memcg=} for a machine-wide OOM; {@code cpuset=…,mems_allowed=…} only with CONFIG_CPUSETS).
     *
     * @param constraint empty when the kernel printed a constraint name this code does not know
     * @param constraintName as printed, e.g. {@code CONSTRAINT_MEMCG}
     * @param globalOom true when the line says {@code global_oom}
     */
    record Summary(Optional<OomConstraint> constraint, String constraintName, String nodemask, Optional<String> cpuset,
                   Optional<String> memsAllowed, boolean globalOom, Optional<String> oomMemcg,
                   Optional<String> taskMemcg, String task, int pid, long uid) implements OomLine {
        public Summary {
            Objects.requireNonNull(constraint, "constraint");
            Objects.requireNonNull(constraintName, "constraintName");
            Objects.requireNonNull(nodemask, "nodemask");
            Objects.requireNonNull(cpuset, "cpuset");
            Objects.requireNonNull(memsAllowed, "memsAllowed");
            Objects.requireNonNull(oomMemcg, "oomMemcg");
            Objects.requireNonNull(taskMemcg, "taskMemcg");
            Objects.requireNonNull(task, "task");
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be positive: " + pid);
            }
        }
    }

    /**
     * The verdict line of 2.6.36 to 5.0: {@code Out of memory: Kill process 1221 (allocate) score 241 or sacrifice
     * child} (or {@code Memory cgroup out of memory: …}). The process named here may hand its death to a child:
     * the victim is the one on the following {@code Killed process} line.
     *
     * @param message the text before {@code : Kill process}, e.g. {@code Memory cgroup out of memory}
     * @param score the badness normalised to 0-1000, as the kernel printed it
     */
    record KillVerdict(String message, int pid, String comm, long score) implements OomLine {
        public KillVerdict {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(comm, "comm");
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be positive: " + pid);
            }
        }

        public boolean cgroupOom() {
            return message.contains("Memory cgroup out of memory");
        }
    }

    /**
     * The kill itself: {@code Killed process N (x) total-vm:…kB, anon-rss:…kB, file-rss:…kB} and its later forms
     * (see {@link OomLineParser} for each generation).
     *
     * @param message the text before {@code : Killed process}, when printed (5.x+: {@code Out of memory} or
     *     {@code Memory cgroup out of memory})
     */
    record KilledProcess(Optional<String> message, OomVictim victim) implements OomLine {
        public KilledProcess {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(victim, "victim");
        }

        public boolean cgroupOom() {
            return message.map(m -> m.contains("Memory cgroup out of memory")).orElse(false);
        }
    }

    /** {@code Tasks in /path are going to be killed due to memory.oom.group set} (4.19+): every task there dies. */
    record GroupKillNotice(String memcg) implements OomLine {
        public GroupKillNotice {
            Objects.requireNonNull(memcg, "memcg");
        }
    }

    /** {@code oom_reaper: reaped process N (x), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB} (4.6+). */
    record Reaped(int pid, String comm) implements OomLine {
        public Reaped {
            Objects.requireNonNull(comm, "comm");
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be positive: " + pid);
            }
        }
    }

    /** {@code Out of memory and no killable processes...} (a panic up to 4.x, a warning for memcg since). */
    record NoKillableProcess() implements OomLine {
    }

    /** {@code 4194174 pages RAM} from {@code show_mem()} in a global OOM report: part of the kernel's totalpages. */
    record PagesRam(long pages) implements OomLine {
    }

    /** {@code Total swap = 2097148kB} from {@code show_swap_cache_info()}: the other part of a global totalpages. */
    record TotalSwap(long kb) implements OomLine {
    }

    /** Length of a string in UTF-8 bytes, for checks against the kernel's 15-byte comm limit. */
    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
