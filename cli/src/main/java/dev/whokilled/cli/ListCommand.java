package dev.whokilled.cli;

import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.cli.render.ExplanationWriter;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.live.Gap;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whokilled list}: the deaths the agent recorded, one line each, oldest first. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        header = "List the deaths the agent recorded, one line each, oldest first.",
        description = {
            "Reads the agent's store: every death by a signal it saw, with who sent the signal, and every",
            "kernel OOM kill or crash. Each line: time, pid, name, cause, killer, and why. Times when the",
            "agent saw nothing (it was down, or a kernel buffer overflowed) are listed after the deaths.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled list --since '8h ago'",
            "  whokilled list --cause oom_kill --json | jq .summary",
            "  whokilled list --unit nginx.service --since today",
        })
final class ListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = "--json", description = "JSON Lines: one termination object per death, with the facts it rests on.")
    boolean json;

    private final Environment env;

    ListCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        DeathFilter filter = filters.toFilter(env.clock());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExplanationWriter writer = ExplanationWriter.json(out);
        List<Death> shown = new ArrayList<>();
        StoreAnalysis.Scanned scanned = StoreAnalysis.scan(store.directory(), window(filter), death -> {
            if (filter.matches(death.termination())) {
                shown.add(death);
                if (json) {
                    writer.write(death);
                } else {
                    out.println(DeathLines.line(death));
                }
            }
        });
        out.flush();
        reportGaps(err, scanned.gaps());
        if (scanned.corruptLines() > 0) {
            err.println("whokilled: " + scanned.corruptLines() + " store line(s) could not be read and were skipped");
        }
        if (shown.isEmpty()) {
            err.println(filter.isEmpty() ? "whokilled: no deaths recorded in " + store.directory()
                    : "whokilled: no recorded deaths match the filters");
            return ExitCodes.NOTHING_FOUND;
        }
        return ExitCodes.ANSWERED;
    }

    /** The store window: a death's facts are stored a moment after it, so the upper bound gets a minute's slack. */
    private static TimeWindow window(DeathFilter filter) {
        return new TimeWindow(filter.since().map(s -> s.minusSeconds(60)), filter.until().map(u -> u.plusSeconds(60)));
    }

    static void reportGaps(PrintWriter err, List<Gap> gaps) {
        for (Gap g : gaps) {
            err.println("whokilled: no complete data " + TIME.format(g.from()) + " to " + TIME.format(g.to()) + " UTC ("
                    + g.source() + ": " + g.reason() + (g.lost().isPresent() ? ", " + g.lost().getAsLong() + " lost" : "")
                    + ")");
        }
    }
}
