package dev.whokilled.cli.render;

import dev.whokilled.rules.live.Gap;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A gap as {@code list}, {@code list -f}, {@code watch}, {@code explain} and {@code doctor} name it: when, which
 * source, why, how much was lost; the stored strings escaped. The commands print it on stderr in every output
 * format: stdout keeps only deaths, so {@code -o json} stays one termination object a line. Stateless.
 */
public final class GapText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private GapText() {
    }

    /** {@code 2026-11-22 03:10:00}: the CLI's time of day in UTC, in gaps, death lines and doctor's store check. */
    public static String utc(Instant t) {
        return TIME.format(t);
    }

    /** {@code 2026-11-22 03:10:00 to 2026-11-22 03:14:00 UTC (kmsg: ring buffer overrun, 412 lost)}. */
    public static String span(Gap g) {
        return utc(g.from()) + " to " + utc(g.to()) + " UTC (" + Terminal.escape(g.source()) + ": "
                + Terminal.escape(g.reason()) + (g.lost().isPresent() ? ", " + g.lost().getAsLong() + " lost" : "") + ")";
    }

    /** {@code whokilled: no complete data 2026-11-22 03:10:00 to 2026-11-22 03:14:00 UTC (agent: ...)}. */
    public static String line(Gap g) {
        return "whokilled: no complete data " + span(g);
    }

    public static void report(PrintWriter err, List<Gap> gaps) {
        gaps.forEach(g -> err.println(line(g)));
    }
}
