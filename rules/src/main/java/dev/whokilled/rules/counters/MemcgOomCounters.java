package dev.whokilled.rules.counters;

import java.util.Objects;

/**
 * One memory cgroup's OOM counters, as its version of the interface gives them. Immutable.
 *
 * @param oom times the cgroup hit its limit and the OOM killer ran (v2 only; absent in v1)
 * @param oomKill victims charged to it: local in v1, hierarchical in v2 (see {@link KernelCounters})
 * @param oomGroupKill group kills (v2 since 5.17; absent in v1)
 */
public record MemcgOomCounters(Version version, CounterOutcome oom, CounterOutcome oomKill,
                               CounterOutcome oomGroupKill) {
    /** The cgroup interface the counters came from. */
    public enum Version {
        /** {@code memory.oom_control}, per cgroup. */
        V1,
        /** {@code memory.events}, hierarchical. */
        V2
    }

    public MemcgOomCounters {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(oom, "oom");
        Objects.requireNonNull(oomKill, "oomKill");
        Objects.requireNonNull(oomGroupKill, "oomGroupKill");
    }
}
