package dev.whokilled.cli;

import dev.whokilled.cli.render.ExplanationWriter;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/** {@code whokilled watch}: deaths as the agent records them, like {@code journalctl -f}. */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        header = "Print deaths as the agent records them, until Ctrl+C.",
        description = {
            "Follows the agent's store and prints each death once it is explained (a moment after the exit, "
                    + "so the sender's and the kernel's records are in): one line each, or JSON Lines with --json.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled watch",
            "  whokilled watch --json | jq -c '{pid, comm, cause, summary}'",
        })
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Option(names = "--json", description = "JSON Lines: one termination object per death.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExplanationWriter writer = ExplanationWriter.json(out);
        AtomicBoolean stop = new AtomicBoolean();
        Signal.handle(new Signal("INT"), s -> stop.set(true));
        Signal.handle(new Signal("TERM"), s -> stop.set(true));
        StoreAnalysis.follow(store.directory(), Optional.empty(), stop::get, death -> {
            if (json) {
                writer.write(death);
            } else {
                out.println(DeathLines.line(death));
            }
            out.flush();
        });
        return ExitCodes.ANSWERED;
    }
}
