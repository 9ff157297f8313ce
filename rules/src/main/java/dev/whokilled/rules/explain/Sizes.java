package dev.whokilled.rules.explain;

import java.util.Locale;

/** Human-readable sizes for summaries ("100 MiB", "78.5 MiB", "188 KiB"). Stateless. */
public final class Sizes {
    private Sizes() {
    }

    /** Formats a size given in KiB, as the kernel prints memory ("65536kB" is 64 MiB). */
    public static String fromKib(long kib) {
        if (kib < 1024) {
            return kib + " KiB";
        }
        double mib = kib / 1024.0;
        if (mib < 1024) {
            return trim(mib) + " MiB";
        }
        return trim(mib / 1024.0) + " GiB";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
