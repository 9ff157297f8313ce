package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.testing.MutableClock;
import dev.whokilled.agent.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the store on a 256 KiB tmpfs mounted for the test, filled by another file.
 * Writes fail with ENOSPC; nothing is lost or torn while the buffer holds, and everything is stored
 * exactly once, in order, when space returns.
 */
@Tag("live")
class EventStoreDiskFullLiveTest {
    @TempDir
    Path tmp;
    private SmallTmpfs disk;
    private Path mount;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        disk = SmallTmpfs.mount(tmp.resolve("small"), "256k");
        mount = disk.path();
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private static List<Integer> storedPids(Path dir) throws IOException {
        List<Integer> pids = new ArrayList<>();
        StoreReader.ScanStats stats = StoreReader.open(dir).scan(TimeWindow.ALL,
                e -> pids.add(((dev.whokilled.rules.live.ProcessExit) ((StoreEntry.FactEntry) e).fact()).pid()));
        assertEquals(0, stats.corruptLines(), "no torn or partial line");
        return pids;
    }

    @Test
    void diskFull_entriesHeldAndWrittenOnceWhenSpaceReturns() throws Exception {
        Path dir = mount.resolve("store");
        MutableClock clock = new MutableClock(Samples.T0);
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), clock)) {
            for (int pid = 1; pid <= 10; pid++) {
                store.append(StoreEntry.of(Samples.exit(pid, Samples.T0)));
            }
            store.flush();
            Path filler = disk.fill("filler");
            for (int pid = 11; pid <= 200; pid++) {
                store.append(StoreEntry.of(Samples.exit(pid, Samples.T0.plusMillis(pid))));
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThrows(EventStore.NoRoomException.class, store::flush);
            }
            assertEquals(190, store.pendingEntries(), "nothing dropped while the buffer holds");
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), storedPids(dir), "the segment cut back to whole lines");

            Files.delete(filler);
            clock.advance(Duration.ofSeconds(5));
            store.flush();
            assertEquals(0, store.takeDropped());
        }
        List<Integer> pids = storedPids(dir);
        assertEquals(200, pids.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(i + 1, pids.get(i), "each entry once, in order");
        }
    }

    @Test
    void diskFullLongerThanTheBufferHolds_dropsNewEntriesAndCountsThem() throws Exception {
        Path dir = mount.resolve("store");
        try (EventStore store = EventStore.open(dir, StoreConfig.defaults(), new MutableClock(Samples.T0))) {
            Path filler = disk.fill("filler");
            int appended = 0;
            long held = 0;
            while (held < EventStore.MAX_PENDING_BYTES + (1 << 20)) {
                store.append(StoreEntry.of(Samples.exit(++appended, Samples.T0)));
                held += 400; // about one encoded exit; overshooting the bound is what the test needs
            }
            assertThrows(EventStore.NoRoomException.class, store::flush);
            int kept = store.pendingEntries();
            long dropped = store.takeDropped();
            assertTrue(dropped > 0, "some entries were dropped");
            assertEquals(appended, kept + dropped, "every entry is either held or counted as dropped");
            Files.delete(filler);
            disk.resize("64m"); // space returns
            store.flush();
            assertEquals(0, store.takeDropped(), "the count resets once taken");
            assertEquals(kept, storedPids(dir).size(), "what was held is stored");
        }
    }

    @Test
    void diskFullWhileRotating_theSegmentIndexesStillPointAtEachEntryOnce() throws Exception {
        Path dir = mount.resolve("store");
        StoreConfig small = new StoreConfig(4096, 1 << 20, Duration.ofDays(30)); // about 10 entries a segment
        try (EventStore store = EventStore.open(dir, small, new MutableClock(Samples.T0))) {
            Path reserve = mount.resolve("reserve");
            Files.write(reserve, new byte[16 << 10]); // freed below: room for a few segments, not for all of them
            Path full = disk.fill("filler");
            for (int pid = 1; pid <= 200; pid++) {
                store.append(StoreEntry.of(Samples.exit(pid, Samples.T0.plusMillis(pid))));
            }
            Files.delete(reserve);
            assertThrows(EventStore.NoRoomException.class, store::flush);
            Files.delete(full);
            store.flush();
        }
        assertEquals(200, storedPids(dir).size());
        StoreReader reader = StoreReader.open(dir);
        for (int n = 1; n <= 200; n++) {
            int pid = n;
            List<Integer> exits = new ArrayList<>();
            reader.scanPid(pid, e -> {
                if (e instanceof StoreEntry.FactEntry f && f.fact() instanceof dev.whokilled.rules.live.ProcessExit x) {
                    exits.add(x.pid());
                }
            });
            assertEquals(1, exits.stream().filter(p -> p == pid).count(), "pid " + pid + " through the index");
        }
    }
}
