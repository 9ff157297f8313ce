package dev.whokilled.cli;

import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.cli.render.GapText;
import dev.whokilled.rules.counters.CounterOutcome;
import dev.whokilled.rules.counters.KernelCounters;
import dev.whokilled.rules.counters.OomAccounting;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Cause;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code whokilled list}: the deaths the agent recorded, one line each, oldest first. */
@Command(name = "list", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        header = "List the deaths the agent recorded, one line each, oldest first.",
        description = {
            "Reads the agent's store: every death by a signal it saw, with who sent the signal, and every "
                    + "kernel OOM kill or crash. Each line: time, pid, name, cause, killer, and why. Times when the "
                    + "agent saw nothing (it was down, or a kernel buffer overflowed) are listed after the deaths. "
                    + "Without --since/--until, a last stderr line sets the kernel's count of OOM kills this boot "
                    + "(/proc/vmstat oom_kill) against the ones the store explains.",
            "",
            "With -f, keeps printing deaths as the agent stores them, until Ctrl+C (like 'whokilled watch', after "
                    + "the stored ones), and each gap the moment the agent stores it; the OOM count is not reported "
                    + "then. On a terminal, the output goes through a pager ($WHOKILLED_PAGER, $SYSTEMD_PAGER, $PAGER "
                    + "or less) unless --no-pager or -f.",
            "",
            "Gaps go to stderr as 'whokilled: no complete data FROM to TO UTC (SOURCE: WHY, N lost)', in every "
                    + "output format: with -o json, stdout holds only termination objects, one a line.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled list --since '8h ago'",
            "  whokilled list --cause oom_kill -o json | jq .summary",
            "  whokilled list --unit nginx.service --since today",
            "  whokilled list -f --since '1h ago'   the last hour, then new deaths and gaps",
            "  whokilled list -f -o json 2>>gaps.log | jq -c '{time, pid, comm, cause}'",
            "                                       deaths as JSON, gaps kept apart",
        })
final class ListCommand implements Callable<Integer>, Pager.Paged {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    Pager.Option pager = new Pager.Option();

    @Option(names = {"-f", "--follow"}, description = "After the stored deaths, print new ones as the agent stores them, "
            + "and each gap (on stderr) as it is stored, until Ctrl+C.")
    boolean follow;

    private final Environment env;

    ListCommand(Environment env) {
        this.env = env;
    }

    @Override
    public boolean wantsPager() {
        return !pager.noPager && !follow;
    }

    @Override
    public Integer call() {
        DeathFilter filter = filters.toFilter(env.clock());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<Death> print = output.deaths(out, DeathLines::line);
        if (follow) {
            if (filter.until().isPresent()) {
                throw CliException.usage("--follow prints deaths as they happen; it cannot be combined with --until");
            }
            Follow.untilInterrupted(store.directory(), Optional.of(window(filter).since().orElse(Instant.EPOCH)), out,
                    err, death -> {
                        if (filter.matches(death.termination())) {
                            print.accept(death);
                        }
                    });
            return ExitCodes.ANSWERED;
        }
        List<Death> shown = new ArrayList<>();
        Optional<String> boot = read(env.proc().resolve("sys/kernel/random/boot_id")).map(String::strip);
        long[] oomThisBoot = {0};
        StoreAnalysis.Scanned scanned = StoreAnalysis.scan(store.directory(), window(filter), death -> {
            if (death.termination().cause() == Cause.OOM_KILL && boot.isPresent()
                    && death.termination().when().bootId().equals(boot)) {
                oomThisBoot[0]++;
            }
            if (filter.matches(death.termination())) {
                shown.add(death);
                print.accept(death);
            }
        });
        out.flush();
        GapText.report(err, scanned.gaps());
        if (scanned.corruptLines() > 0) {
            err.println("whokilled: " + scanned.corruptLines() + " store line(s) could not be read and were skipped");
        }
        if (filter.since().isEmpty() && filter.until().isEmpty()) {
            // the whole store was read: its OOM kills of this boot can be set against the kernel's count
            oomAccounting(oomThisBoot[0]).ifPresent(line -> err.println("whokilled: " + line));
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

    /** The kernel's count against the store's, when the kernel has the counter and either is not 0. */
    private Optional<String> oomAccounting(long explained) {
        Optional<String> vmstat = read(env.proc().resolve("vmstat"));
        if (vmstat.isEmpty() || !(KernelCounters.vmstatOomKills(vmstat.get()) instanceof CounterOutcome.Counted c)) {
            return Optional.empty();
        }
        if (c.value() == 0 && explained == 0) {
            return Optional.empty();
        }
        return Optional.of(new OomAccounting(c.value(), explained).sentence("the store"));
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
