package dev.whokilled.rules.evidence;

import dev.whokilled.rules.cgroup.CgroupIdentity;
import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One process killed by the kernel OOM killer, with as much of its report as the log kept.
 *
 * <p>The kill is keyed on the {@code Killed process} line. The header, memory dump, task table and
 * summary line are rate-limited by the kernel and can be missing in an OOM storm; what was not
 * seen is listed in {@link #missing()} rather than invented.
 *
 * @param cgroupOom true when the verdict line began {@code Memory cgroup out of memory:}
 * @param groupKill true when this victim was one of several killed together ({@code memory.oom.group})
 * @param oomMemcg the cgroup whose limit was hit ({@code oom_memcg=}, or {@code limit of} on ≤ 4.19)
 * @param taskMemcg the victim's own cgroup ({@code task_memcg=}, or {@code Task in X} on ≤ 4.19)
 * @param memory cgroup counters ({@code memory:}, {@code memory+swap:}, …), in the order printed
 * @param candidates the task table, in the order printed
 * @param reaped true when an {@code oom_reaper: reaped process} line for the victim followed
 * @param missing parts of the report not found in the log (e.g. {@code "task table"})
 */
public record OomKill(OomVictim victim, Optional<OomTrigger> trigger, OomConstraint constraint, boolean cgroupOom,
                      boolean groupKill, Optional<String> oomMemcg, Optional<String> taskMemcg,
                      List<MemoryUsage> memory, List<OomCandidate> candidates, boolean reaped, List<String> missing,
                      List<KernelRecord> records) implements Evidence {
    public OomKill {
        Objects.requireNonNull(victim, "victim");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(oomMemcg, "oomMemcg");
        Objects.requireNonNull(taskMemcg, "taskMemcg");
        memory = List.copyOf(memory);
        candidates = List.copyOf(candidates);
        missing = List.copyOf(missing);
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an OOM kill rests on at least its Killed process line");
        }
    }

    @Override
    public OptionalInt subjectPid() {
        return OptionalInt.of(victim.pid());
    }

    /** The cgroup's {@code memory} counter ("memory: usage 102400kB, limit 102400kB"), not memory+swap or kmem. */
    public Optional<MemoryUsage> memoryCounter() {
        return memory.stream().filter(m -> m.counter().equals("memory")).findFirst();
    }

    @Override
    public Optional<String> subjectUnit() {
        return taskMemcg.or(() -> oomMemcg).flatMap(c -> CgroupIdentity.parse(c).unit());
    }
}
