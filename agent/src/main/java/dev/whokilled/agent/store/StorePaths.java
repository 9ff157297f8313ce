package dev.whokilled.agent.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Where the store lives by default; stateless, so thread-safe. */
public final class StorePaths {
    /** The store of a root agent (systemd's {@code StateDirectory=whokilled}). */
    public static final Path SYSTEM_DIRECTORY = Path.of("/var/lib/whokilled");

    private StorePaths() {
    }

    /**
     * {@code /var/lib/whokilled} for uid 0; otherwise {@code $XDG_STATE_HOME/whokilled}, falling back to
     * {@code $HOME/.local/state/whokilled} as the XDG base directory specification says when
     * {@code XDG_STATE_HOME} is unset, empty or relative.
     *
     * @param env the process environment ({@code System.getenv()} in production)
     * @param uid the effective user id
     * @throws IllegalArgumentException for a non-root user with neither variable set to an absolute path
     */
    public static Path defaultDirectory(Map<String, String> env, long uid) {
        Objects.requireNonNull(env, "env");
        if (uid == 0) {
            return SYSTEM_DIRECTORY;
        }
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isEmpty() && Path.of(state).isAbsolute()) {
            return Path.of(state, "whokilled");
        }
        String home = env.get("HOME");
        if (home != null && !home.isEmpty() && Path.of(home).isAbsolute()) {
            return Path.of(home, ".local", "state", "whokilled");
        }
        throw new IllegalArgumentException("cannot choose a store directory for uid " + uid
                + ": neither XDG_STATE_HOME nor HOME is an absolute path; pass --store DIR");
    }
}
