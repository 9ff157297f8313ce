package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.live.ProcessExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list's closing line: the kernel's OOM-kill count this boot against the kills the store explains. */
class ListOomCountTest {
    @TempDir
    Path tmp;

    private Path proc;
    private Path store;

    @BeforeEach
    void storeWithOneKill() throws IOException {
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "boot-1\n");
        store = tmp.resolve("store");
        try (EventStore s = EventStore.open(store, StoreConfig.defaults(), Run.CLOCK)) {
            s.append(StoreEntry.of(new ProcessExit(4242, 9, 5_000_000_000L, Run.CLOCK.instant(), "boot-1",
                    OptionalInt.empty(), Optional.empty(), List.of())));
            s.flush();
        }
    }

    @Test
    void list_kernelCountedKillsTheStoreDoesNotExplain_saysBoth() throws IOException {
        Files.writeString(proc.resolve("vmstat"), "pgfault 1\noom_kill 2\n");
        Run r = Run.inProc(proc, "list", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("whokilled: the kernel counted 2 OOM kills this boot (/proc/vmstat oom_kill); the store"
                + " explains 0 of them"), r.err());
    }

    @Test
    void list_withATimeWindow_saysNothingOfTheBootWideCount() throws IOException {
        Files.writeString(proc.resolve("vmstat"), "oom_kill 2\n");
        Run r = Run.inProc(proc, "list", "--since", "2026-11-22T00:00:00Z", "--store", store.toString());
        assertFalse(r.err().contains("OOM kills this boot"), r.err());
    }

    @Test
    void list_noKillsAnywhereOrNoCounter_saysNothing() throws IOException {
        Files.writeString(proc.resolve("vmstat"), "oom_kill 0\n");
        assertFalse(Run.inProc(proc, "list", "--store", store.toString()).err().contains("OOM"));
        Files.writeString(proc.resolve("vmstat"), "pgfault 1\n");
        assertFalse(Run.inProc(proc, "list", "--store", store.toString()).err().contains("OOM"));
    }
}
