package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What doctor and run see of a store's files: segments, sizes, modes, and the lock holder's pid. */
class StoreInventoryTest {
    @TempDir
    Path tmp;

    @Test
    void of_openStore_listsSegmentsWithModesAndTheWriterPid() throws IOException {
        Path dir = tmp.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            Samples.everyType(Samples.T0, "Out of memory").forEach(store::append);
            store.flush();
            StoreInventory inv = StoreInventory.of(dir);
            assertEquals("0750", inv.directoryMode());
            assertEquals(1, inv.segments().size());
            assertEquals("0640", inv.segments().get(0).mode());
            assertEquals(Files.size(inv.segments().get(0).path()), inv.totalBytes());
            assertTrue(inv.totalBytes() > 0);
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), inv.lockPid());
            assertEquals(Optional.of("0640"), inv.lockMode());
        }
        assertEquals(OptionalLong.empty(), StoreInventory.of(dir).lockPid(), "a clean close empties the lock file");
    }

    @Test
    void of_noDirectory_isNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> StoreInventory.of(tmp.resolve("absent")));
    }

    @Test
    void of_foreignFilesAndGarbageLock_areIgnored() throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "x");
        Files.writeString(tmp.resolve("lock"), "not a pid\n");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        StoreInventory inv = StoreInventory.of(tmp);
        assertEquals(0, inv.segments().size());
        assertEquals(OptionalLong.empty(), inv.lockPid());
        assertEquals("0777", inv.directoryMode());
        assertTrue(StoreInventory.worldWritable(inv.directoryMode()));
        assertFalse(StoreInventory.worldWritable("0750"));
        assertTrue(StoreInventory.worldReadable("0644"));
    }

    @Test
    void parsePid_onlyAPositiveNumber() {
        assertEquals(OptionalLong.of(4242), StoreInventory.parsePid("4242\n"));
        assertEquals(OptionalLong.empty(), StoreInventory.parsePid(""));
        assertEquals(OptionalLong.empty(), StoreInventory.parsePid("0"));
        assertEquals(OptionalLong.empty(), StoreInventory.parsePid("-1"));
    }
}
