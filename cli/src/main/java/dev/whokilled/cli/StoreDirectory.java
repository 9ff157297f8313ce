package dev.whokilled.cli;

import dev.whokilled.agent.store.StorePaths;
import java.nio.file.Path;

/** The default store directory for this user (DESIGN.md): /var/lib/whokilled for root, else $XDG_STATE_HOME/whokilled. */
final class StoreDirectory {
    private StoreDirectory() {
    }

    static Path resolve() {
        try {
            return StorePaths.defaultDirectory(System.getenv(), new com.sun.security.auth.module.UnixSystem().getUid());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage(e.getMessage());
        }
    }
}
