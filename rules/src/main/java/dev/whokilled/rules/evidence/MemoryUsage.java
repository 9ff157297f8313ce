package dev.whokilled.rules.evidence;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A memory cgroup's counters at OOM time, from {@code memory: usage 65536kB, limit 65536kB, failcnt 911}
 * (cgroup v1 and v2 print the same line).
 *
 * @param counter which counter: {@code memory}, {@code memory+swap}, {@code swap} or {@code kmem}
 */
public record MemoryUsage(String counter, long usageKb, long limitKb, OptionalLong failcnt) {
    public MemoryUsage {
        Objects.requireNonNull(counter, "counter");
        if (usageKb < 0 || limitKb < 0) {
            throw new IllegalArgumentException("usage and limit must not be negative: " + usageKb + ", " + limitKb);
        }
    }
}
