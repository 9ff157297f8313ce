package dev.whokilled.cli.render;

import dev.whokilled.rules.live.Gap;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A gap as {@code list}, {@code explain}, {@code watch} and {@code doctor} name it: when, which source,
 * why, how much was lost; the stored strings escaped. Stateless.
 */
public final class GapText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private GapText() {
    }

    /** {@code 2026-11-22 03:10:00 to 2026-11-22 03:14:00 UTC (kmsg: ring buffer overrun, 412 lost)}. */
    public static String span(Gap g) {
        return TIME.format(g.from()) + " to " + TIME.format(g.to()) + " UTC (" + Terminal.escape(g.source()) + ": "
                + Terminal.escape(g.reason()) + (g.lost().isPresent() ? ", " + g.lost().getAsLong() + " lost" : "") + ")";
    }
}
