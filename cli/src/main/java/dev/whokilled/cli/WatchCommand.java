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
            "",
            "When the agent stores a gap (it was down, a kernel buffer overflowed, a source is missing), that is "
                    + "printed at once, to stderr, as 'whokilled list' prints it: 'whokilled: no complete data FROM "
                    + "to TO UTC (SOURCE: WHY, N lost)'; deaths in that stretch may be missing. With -o json, stdout "
                    + "holds only termination objects, one a line.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled watch",
            "  whokilled watch -o json | jq -c '{pid, comm, cause, summary}'",
            "  whokilled watch -o json 2>>gaps.log | my-shipper",
            "                                       deaths to the shipper, gaps to a file",
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
        Follow.untilInterrupted(store.directory(), Optional.empty(), out, spec.commandLine().getErr(),
                output.deaths(out, DeathLines::line));
        return ExitCodes.ANSWERED;
    }
}
