package dev.whokilled.rules.evidence;

import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A supervisor's log line about a unit or process (systemd), from the journal or syslog.
 *
 * @param unit the unit the line is about ({@code nginx.service}), when named
 * @param pid the process it is about (for {@link ServiceEventKind#SIGNAL_RECEIVED}: the receiver; sender in {@code senderPid})
 * @param signal the signal involved, when named
 * @param result the unit result ({@code oom-kill}, {@code timeout}, …) or the state that timed out
 * @param patternId the id of the pattern that matched (see the rules' pattern table)
 */
public record ServiceEvent(ServiceEventKind kind, Optional<String> unit, OptionalInt pid, Optional<String> comm,
                           OptionalInt signal, Optional<String> result, OptionalInt senderPid,
                           Optional<String> senderComm, String patternId, List<KernelRecord> records)
        implements Evidence {
    public ServiceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(senderPid, "senderPid");
        Objects.requireNonNull(senderComm, "senderComm");
        Objects.requireNonNull(patternId, "patternId");
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("records must not be empty");
        }
    }

    @Override
    public OptionalInt subjectPid() {
        return pid;
    }

    @Override
    public Optional<String> subjectUnit() {
        return unit;
    }
}
