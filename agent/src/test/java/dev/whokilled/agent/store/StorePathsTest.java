package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorePathsTest {

    @Test
    void defaultDirectory_root_isVarLib() {
        assertEquals(Path.of("/var/lib/whokilled"),
                StorePaths.defaultDirectory(Map.of("XDG_STATE_HOME", "/home/a/.state", "HOME", "/root"), 0));
    }

    @Test
    void defaultDirectory_user_isXdgStateHome() {
        assertEquals(Path.of("/home/a/.state/whokilled"),
                StorePaths.defaultDirectory(Map.of("XDG_STATE_HOME", "/home/a/.state", "HOME", "/home/a"), 1000));
    }

    @Test
    void defaultDirectory_userWithoutOrRelativeXdg_fallsBackToHomeLocalState() {
        assertEquals(Path.of("/home/a/.local/state/whokilled"), StorePaths.defaultDirectory(Map.of("HOME", "/home/a"), 1000));
        assertEquals(Path.of("/home/a/.local/state/whokilled"),
                StorePaths.defaultDirectory(Map.of("XDG_STATE_HOME", "rel/state", "HOME", "/home/a"), 1000));
        assertEquals(Path.of("/home/a/.local/state/whokilled"),
                StorePaths.defaultDirectory(Map.of("XDG_STATE_HOME", "", "HOME", "/home/a"), 1000));
    }

    @Test
    void defaultDirectory_userWithNeither_saysPassStore() {
        var e = assertThrows(IllegalArgumentException.class, () -> StorePaths.defaultDirectory(Map.of(), 1000));
        assertEquals("cannot choose a store directory for uid 1000: neither XDG_STATE_HOME nor HOME is an absolute"
                + " path; pass --store DIR", e.getMessage());
    }
}
