package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list and explain over a store written the way the agent writes it: what they say, and their exit codes. */
class StoreCommandsTest {
    private static final Instant AT = Instant.parse("2026-11-22T17:30:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path store;

    private static ProcessIdentity identity(int pid, String comm, String cmdline, long uid) {
        return new ProcessIdentity(pid, OptionalLong.of(100), OptionalInt.of(1), Optional.of(comm), Optional.of(cmdline),
                OptionalLong.of(uid), Optional.of("/system.slice/app.service"));
    }

    @BeforeEach
    void writeStore() throws Exception {
        store = tmp.resolve("store");
        try (EventStore s = EventStore.open(store, StoreConfig.defaults(), Run.CLOCK)) {
            // bash 900 runs kill -9 4242 (a sleep); then the agent was down for a minute
            s.append(StoreEntry.of(new SignalSent(9, 0, 4242, Optional.of("sleep"), true, 0, 900, OptionalInt.of(900),
                    Optional.of("bash"), 1_000_000_000L, AT, Optional.of(identity(900, "bash", "bash -c kill -9 4242", 1000)))));
            s.append(StoreEntry.of(new ProcessExit(4242, 9, 1_001_000_000L, AT, "boot-1", OptionalInt.of(900),
                    Optional.of(identity(4242, "sleep", "sleep 600", 1000)), List.of())));
            s.append(StoreEntry.of(new Gap("agent", AT.plusSeconds(60), AT.plusSeconds(120), OptionalLong.empty(),
                    "the agent was not running", AT.plusSeconds(120))));
            s.flush();
        }
    }

    @Test
    void list_json_namesTheSenderWithItsCommandLine() throws Exception {
        Run r = Run.of("list", "--json", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode death = JSON.readTree(r.out().lines().findFirst().orElseThrow());
        assertEquals(4242, death.get("pid").asInt());
        assertEquals("signal", death.get("cause").asText());
        assertEquals(900, death.at("/killer/pid").asInt());
        assertEquals("bash -c kill -9 4242", death.at("/killer/cmdline").asText());
        assertEquals("app.service", death.get("unit").asText());
        assertTrue(death.at("/exit/observed").asBoolean());
        assertEquals(2, death.get("facts").size());
        assertTrue(r.err().contains("no complete data 2026-11-22 17:31:00 to 2026-11-22 17:32:00 UTC (agent"), r.err());
    }

    @Test
    void list_text_oneLinePerDeathAndFiltersExitOneWhenNothingMatches() {
        Run r = Run.of("list", "--store", store.toString());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("4242") && r.out().contains("bash(900)"), r.out());
        Run none = Run.of("list", "--cause", "oom_kill", "--store", store.toString());
        assertEquals(ExitCodes.NOTHING_FOUND, none.code());
        assertTrue(none.err().contains("no recorded deaths match the filters"), none.err());
    }

    @Test
    void list_jsonPretty_oneIndentedObjectPerDeath() throws Exception {
        Run r = Run.of("list", "-o", "json-pretty", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\n  \"type\" : \"termination\""), r.out());
        assertEquals(4242, JSON.readTree(r.out()).get("pid").asInt());
    }

    @Test
    void list_storedNonZeroExit_isListed() throws Exception {
        // The agent stores a normal exit with a code only for processes exits.store names (here postgres).
        Path exits = tmp.resolve("exits");
        try (EventStore s = EventStore.open(exits, StoreConfig.defaults(), Run.CLOCK)) {
            s.append(StoreEntry.of(new ProcessExit(5151, 3 << 8, 2_000_000_000L, AT, "boot-1", OptionalInt.of(1),
                    Optional.of(identity(5151, "postgres", "postgres -D /var/lib/pg", 105)), List.of())));
            s.flush();
        }
        Run r = Run.of("list", "--json", "--store", exits.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode death = JSON.readTree(r.out().lines().findFirst().orElseThrow());
        assertEquals(5151, death.get("pid").asInt());
        assertEquals("exit", death.get("cause").asText());
        assertEquals(3, death.get("exit").get("code").asInt());
    }

    @Test
    void list_followWithUntil_isAUsageError() {
        Run r = Run.of("list", "-f", "--until", "now", "--store", store.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("whokilled: --follow prints deaths as they happen; it cannot be combined with --until"),
                r.err());
    }

    @Test
    void explain_storedPid_fullStoryWithTheObservedFacts() {
        Run r = Run.of("explain", "4242", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("sleep (pid 4242) was killed by kill -9 (SIGKILL) from bash (pid 900, `bash -c kill -9"
                + " 4242`), user 1000."), r.out());
        assertTrue(r.out().contains("observed    signal"), r.out());
    }

    @Test
    void explain_pidNotStored_fallsBackToTheKernelLogAndSaysSo() throws Exception {
        Path fakeKmsg = tmp.resolve("kmsg");
        Files.writeString(fakeKmsg, "6,1,5000000,-;segv[777]: segfault at 0 ip 0000000000401000 sp 00007ffc00000000 error 4"
                + " in segv[400000+1000] likely on CPU 0 (core 0, socket 0)\n");
        Run r = Run.with(new ByteArrayInputStream(new byte[0]), fakeKmsg, "explain", "777", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("pid 777 is not in the agent's store; searching this boot's kernel log instead"), r.err());
        assertTrue(r.out().startsWith("segv (pid 777) crashed"), r.out());
    }

    @Test
    void explain_pidNotInARingThatLostTheBootsStart_searchesTheJournalAndSaysSo() throws Exception {
        Path fakeKmsg = tmp.resolve("kmsg");
        Files.writeString(fakeKmsg, "6,500,5000000,-;eth0: link up\n");
        // a pid above any pid_max: in neither the ring nor the journal, whatever this machine logged
        Run r = Run.with(new ByteArrayInputStream(new byte[0]), fakeKmsg, "explain", "99999999", "--store",
                store.toString());
        assertEquals(ExitCodes.NOTHING_FOUND, r.code(), r.err());
        assertTrue(r.err().contains(fakeKmsg + " holds this boot only from 5 s after boot on: the kernel's ring buffer"
                + " has overwritten the 500 records before, and any death in them; searching the journal's kernel"
                + " records of this boot."), r.err());
        assertTrue(r.err().contains("no record of pid 99999999 dying"), r.err());
    }

    @Test
    void explain_unknownPidAndMissingStore_exitOneWithReasons() {
        Run r = Run.of("explain", "5", "--store", tmp.resolve("nowhere").toString());
        assertEquals(ExitCodes.NOTHING_FOUND, r.code());
        assertTrue(r.err().contains("no store at"), r.err());
        assertTrue(r.err().contains("no record of pid 5 dying"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
