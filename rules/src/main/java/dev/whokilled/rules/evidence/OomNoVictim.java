package dev.whokilled.rules.evidence;

import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The OOM killer ran and found nothing it could kill ({@code Out of memory and no killable processes...}):
 * no process was killed by it; a global OOM like this usually ends in a kernel panic, a memcg one in
 * failed allocations inside the cgroup.
 */
public record OomNoVictim(Optional<OomTrigger> trigger, OomConstraint constraint, Optional<String> oomMemcg,
                          List<KernelRecord> records) implements Evidence {
    public OomNoVictim {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(oomMemcg, "oomMemcg");
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("records must not be empty");
        }
    }

    @Override
    public OptionalInt subjectPid() {
        return OptionalInt.empty();
    }

    @Override
    public Optional<String> subjectUnit() {
        return Optional.empty();
    }
}
