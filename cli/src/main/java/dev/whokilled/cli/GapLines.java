package dev.whokilled.cli;

import dev.whokilled.cli.render.GapText;
import dev.whokilled.rules.live.Gap;
import java.io.PrintWriter;
import java.util.List;

/**
 * The stderr line for a stretch the agent could not observe, the same for {@code list}, {@code list -f},
 * {@code watch} and {@code explain}, in every output format: stdout keeps only deaths, so {@code -o json}
 * stays one termination object a line. Stateless.
 */
final class GapLines {
    private GapLines() {
    }

    /** {@code whokilled: no complete data 2026-11-22 03:10:00 to 2026-11-22 03:14:00 UTC (agent: ...)}. */
    static String line(Gap g) {
        return "whokilled: no complete data " + GapText.span(g);
    }

    static void report(PrintWriter err, List<Gap> gaps) {
        gaps.forEach(g -> err.println(line(g)));
    }
}
