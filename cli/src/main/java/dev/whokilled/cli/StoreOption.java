package dev.whokilled.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store DIR}, shared by the commands that read the agent's store; a picocli mixin. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "DIR",
            description = "The agent's store (default /var/lib/whokilled for root, $XDG_STATE_HOME/whokilled otherwise).")
    Path store;

    Path directory() {
        return store != null ? store : StoreDirectory.resolve();
    }
}
