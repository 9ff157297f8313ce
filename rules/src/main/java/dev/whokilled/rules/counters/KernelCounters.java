package dev.whokilled.rules.counters;

import java.util.Objects;

/**
 * Pure parsers for the kernel's OOM-kill counters; stateless, so thread-safe. The agent's
 * {@code agent.source.counters} and the CLI read the files; this reads their text.
 *
 * <p>All three files are "flat keyed" (one {@code key value} pair per line):
 * <ul>
 *   <li>{@code /proc/vmstat} {@code oom_kill}: every OOM-killer kill since boot, global and memcg
 *       alike, one per victim (a group kill counts each member), since Linux 4.13. Kills by userspace
 *       OOM killers (earlyoom, systemd-oomd) are not counted: they send an ordinary signal.</li>
 *   <li>cgroup v1 {@code memory.oom_control} {@code oom_kill}: the kills charged to that memory cgroup
 *       alone, not its descendants (since 4.13). A cgroup that is removed takes its count with it, so
 *       the sum over live cgroups can be less than vmstat's, never more.</li>
 *   <li>cgroup v2 {@code memory.events} {@code oom} (the cgroup hit its limit and the OOM killer
 *       ran), {@code oom_kill} (victims in it or below it: hierarchical, unless cgroup2 is mounted
 *       with {@code memory_localevents}) and {@code oom_group_kill} (group kills, since 5.17).</li>
 * </ul>
 */
public final class KernelCounters {
    private KernelCounters() {
    }

    /** The {@code oom_kill} counter of {@code /proc/vmstat}'s text. */
    public static CounterOutcome vmstatOomKills(String vmstat) {
        return counter(vmstat, "oom_kill");
    }

    /** The counters of a cgroup v1 {@code memory.oom_control} file's text (no group kills in v1). */
    public static MemcgOomCounters memcgV1(String oomControl) {
        return new MemcgOomCounters(MemcgOomCounters.Version.V1, new CounterOutcome.Absent("oom"),
                counter(oomControl, "oom_kill"), new CounterOutcome.Absent("oom_group_kill"));
    }

    /** The counters of a cgroup v2 {@code memory.events} file's text. */
    public static MemcgOomCounters memcgV2(String events) {
        return new MemcgOomCounters(MemcgOomCounters.Version.V2, counter(events, "oom"), counter(events, "oom_kill"),
                counter(events, "oom_group_kill"));
    }

    /**
     * The first line of a flat-keyed file whose key is {@code key}, as a counter. A key is matched
     * whole: {@code oom} does not match {@code oom_kill}.
     */
    public static CounterOutcome counter(String flatKeyed, String key) {
        Objects.requireNonNull(flatKeyed, "flatKeyed");
        Objects.requireNonNull(key, "key");
        for (String line : flatKeyed.split("\n", -1)) {
            String[] fields = line.strip().split("\\s+");
            if (!fields[0].equals(key)) {
                continue;
            }
            if (fields.length != 2) {
                return new CounterOutcome.Malformed(key, line, "expected 'key value', got " + fields.length + " field(s)");
            }
            if (!fields[1].matches("\\d{1,19}")) {
                return new CounterOutcome.Malformed(key, line, "value is not an unsigned decimal: " + fields[1]);
            }
            try {
                return new CounterOutcome.Counted(key, Long.parseLong(fields[1]));
            } catch (NumberFormatException e) {
                return new CounterOutcome.Malformed(key, line, "value out of range: " + fields[1]);
            }
        }
        return new CounterOutcome.Absent(key);
    }
}
