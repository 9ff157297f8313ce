package dev.whokilled.rules.evidence;

import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The kernel reported that a process died of (or received a fatal signal for) a fault.
 *
 * @param signal the signal it implies or names (SIGSEGV for a segfault, {@code sig=} for audit)
 * @param description what went wrong, for a person: {@code "read of address 0 (a NULL pointer)"}
 * @param location where: {@code "in segv[1139,562423474000+1000]"}, when printed
 */
public record KernelFault(FaultKind kind, int pid, String comm, OptionalInt signal, OptionalLong uid,
                          String description, String location, List<KernelRecord> records) implements Evidence {
    public KernelFault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(location, "location");
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("records must not be empty");
        }
    }

    @Override
    public OptionalInt subjectPid() {
        return OptionalInt.of(pid);
    }

    @Override
    public Optional<String> subjectUnit() {
        return Optional.empty();
    }
}
