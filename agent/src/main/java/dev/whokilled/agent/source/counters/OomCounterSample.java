package dev.whokilled.agent.source.counters;

import dev.whokilled.rules.counters.CounterOutcome;
import dev.whokilled.rules.counters.MemcgOomCounters;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The kernel's OOM-kill counters at one moment. Immutable.
 *
 * @param vmstat {@code /proc/vmstat oom_kill}: every kernel OOM kill this boot
 * @param memcgs the memory cgroups whose OOM-kill counter is not a plain 0 (counted above 0, or
 *     unreadable), by path relative to the hierarchy's root ({@code /} for the root)
 * @param cgroupsVisited how many cgroup directories were looked at
 * @param truncated true when the walk stopped at its bound before seeing every cgroup
 */
public record OomCounterSample(Instant at, CounterOutcome vmstat, Map<String, MemcgOomCounters> memcgs,
                               int cgroupsVisited, boolean truncated) {
    public OomCounterSample {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(vmstat, "vmstat");
        memcgs = Map.copyOf(memcgs);
    }
}
