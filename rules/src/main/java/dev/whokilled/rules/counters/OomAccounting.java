package dev.whokilled.rules.counters;

/**
 * The kernel's count of OOM kills this boot set against the kills whokilled can explain, and the
 * sentence a person reads. Immutable.
 *
 * <p>Fewer explained than counted is normal: kills before the agent started whose report has
 * left the kernel's ring buffer, kills while it was down, reports lost to a ring overrun. More
 * explained than counted means the evidence is not what it seems (a store from another boot
 * under this boot's id), and the sentence says so rather than hiding it.
 *
 * @param counted {@code /proc/vmstat oom_kill}
 * @param explained kernel OOM kills of this boot that whokilled explains
 */
public record OomAccounting(long counted, long explained) {
    public OomAccounting {
        if (counted < 0) {
            throw new IllegalArgumentException("counted must not be negative: " + counted);
        }
        if (explained < 0) {
            throw new IllegalArgumentException("explained must not be negative: " + explained);
        }
    }

    /** Every counted kill is explained. */
    public boolean complete() {
        return explained >= counted;
    }

    /** The kills counted by the kernel and not explained (0 when complete). */
    public long unexplained() {
        return Math.max(0, counted - explained);
    }

    /**
     * For example "the kernel counted 3 OOM kills this boot (/proc/vmstat oom_kill); the store
     * explains 2 of them", with {@code by} naming what explains them.
     */
    public String sentence(String by) {
        String counts = "the kernel counted " + counted + " OOM kill" + (counted == 1 ? "" : "s")
                + " this boot (/proc/vmstat oom_kill)";
        if (explained > counted) {
            return counts + "; " + by + " explains " + explained + ", more than counted (is it from another boot?)";
        }
        if (counted == 0) {
            return counts;
        }
        String which = explained == counted ? (counted == 1 ? "it" : "all of them") : explained + " of them";
        return counts + "; " + by + " explains " + which;
    }
}
