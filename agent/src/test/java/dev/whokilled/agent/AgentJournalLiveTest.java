package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.whokilled.agent.source.journal.RealJournald;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent with a real journal: a systemd unit line written to journald ends up in the store as a
 * userspace record, its cursor in the checkpoint, and a restarted agent stores it no second time.
 * Needs root (journald, kmsg, proc connector); skipped without it, except under {@code CI=true}.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class AgentJournalLiveTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void agent_systemdLine_isStoredOnceAcrossARestart() throws Exception {
        try (RealJournald journald = RealJournald.acquire()) {
            Path store = dir.resolve("store");
            String unit = "whokilled-" + UUID.randomUUID().toString().substring(0, 8) + ".service";
            String killed = unit + ": Main process exited, code=killed, status=9/KILL";
            String failed = unit + ": Failed with result 'signal'.";
            StringWriter log = new StringWriter();
            Agent.Paths paths = new Agent.Paths(Path.of("/dev/kmsg"), Path.of("/proc"), dir.resolve("no-tracefs"),
                    RealJournald.JOURNALCTL);

            try (Agent agent = new Agent(store, AgentConfig.defaults(), paths, Clock.systemUTC(),
                    new AgentLog(new PrintWriter(log)))) {
                agent.start();
                journald.write("systemd", killed);
                KernelRecord r = awaitStored(store, killed, log);
                assertEquals(Origin.USERSPACE, r.origin());
                assertEquals("systemd", r.provenance().identifier().orElseThrow());
            }
            List<KernelRecord> first = stored(store, unit);
            String cursor = first.get(0).context().get("__CURSOR");
            assertTrue(Files.readString(store.resolve("checkpoint.json")).contains(cursor), "cursor not checkpointed");

            try (Agent agent = new Agent(store, AgentConfig.defaults(), paths, Clock.systemUTC(),
                    new AgentLog(new PrintWriter(log)))) {
                agent.start();
                journald.write("systemd", failed);
                awaitStored(store, failed, log);
            }
            assertEquals(List.of(killed, failed), stored(store, unit).stream().map(KernelRecord::message).toList(),
                    "agent log:\n" + log);
        }
    }

    private static KernelRecord awaitStored(Path store, String message, StringWriter log) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (KernelRecord r : stored(store, message)) {
                if (r.message().equals(message)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        return fail("not stored within " + WAIT + ": " + message + "\nagent log:\n" + log);
    }

    private static List<KernelRecord> stored(Path store, String containing) throws IOException {
        List<KernelRecord> out = new ArrayList<>();
        StoreReader.open(store).scan(TimeWindow.ALL, e -> {
            if (e instanceof StoreEntry.KernelEntry k && k.record().message().contains(containing)) {
                out.add(k.record());
            }
        });
        return out;
    }
}
