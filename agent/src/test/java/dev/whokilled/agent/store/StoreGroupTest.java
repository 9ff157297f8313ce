package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whokilled.agent.testing.LivePrerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store given to a group: existing and later files take it, modes stay 0640 under a 2750 directory. */
class StoreGroupTest {
    @TempDir
    Path tmp;

    private static String group(Path p) throws IOException {
        return ((GroupPrincipal) Files.getAttribute(p, "posix:group")).getName();
    }

    @Test
    void apply_existingAndNewFilesTakeTheGroup() throws Exception {
        LivePrerequisites.require("root".equals(System.getProperty("user.name")), "changing a file's group to adm"
                + " needs root");
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), Clock.systemUTC())) {
            store.append(StoreEntry.of(Samples.exit(4242, Samples.T0)));
            store.flush();
            StoreGroup.apply(dir, "adm");
            store.writeCheckpoint(new Checkpoint(java.util.Optional.empty(), java.util.OptionalLong.empty(),
                    java.util.Optional.empty()));
        }
        assertEquals(02750, (int) Files.getAttribute(dir, "unix:mode") & 07777);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertEquals("adm", group(f), f.toString());
                assertEquals(0640, (int) Files.getAttribute(f, "unix:mode") & 07777, f.toString());
            }
        }
        assertEquals("adm", group(dir.resolve("checkpoint.json")), "a file created later inherits the group");
    }

    @Test
    void apply_unknownGroup_saysSo() {
        IOException e = assertThrows(IOException.class, () -> StoreGroup.apply(tmp, "no-such-group-whokilled"));
        assertEquals("no group 'no-such-group-whokilled' on this machine", e.getMessage());
    }
}
