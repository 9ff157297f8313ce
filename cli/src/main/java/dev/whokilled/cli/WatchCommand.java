package dev.whokilled.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whokilled watch}: deaths as the agent records them, like {@code journalctl -f}. */
@Command(name = "watch", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        header = "Print deaths as the agent records them, until Ctrl+C.",
        description = {
            "Follows the agent's store and prints each death once it is explained (a moment after the exit, "
                    + "so the sender's and the kernel's records are in): one line each, or JSON with -o json. "
                    + "'whokilled list -f' prints the stored deaths first, then does the same.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled watch",
            "  whokilled watch -o json | jq -c '{pid, comm, cause, summary}'",
        })
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Follow.untilInterrupted(store.directory(), Optional.empty(), out, output.deaths(out, DeathLines::line));
        return ExitCodes.ANSWERED;
    }
}
