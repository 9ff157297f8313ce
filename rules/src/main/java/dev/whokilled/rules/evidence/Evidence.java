package dev.whokilled.rules.evidence;

import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A fact read from a log: something happened to a process, and these are the lines that say so.
 * Parsers produce evidence; the explanation rules turn it into terminations.
 */
public sealed interface Evidence permits OomKill, OomNoVictim, KernelFault, ServiceEvent, UserspaceKill {
    /** The records this fact rests on, in log order; never empty. */
    List<KernelRecord> records();

    /** The process the fact is about, when it names one. */
    OptionalInt subjectPid();

    /** The systemd unit the fact is about: named by a supervisor, or derived from a cgroup path. */
    Optional<String> subjectUnit();

    /** The first record, whose stamp places the fact in time. */
    default KernelRecord anchor() {
        return records().get(0);
    }
}
