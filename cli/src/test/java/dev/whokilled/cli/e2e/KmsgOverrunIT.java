package dev.whokilled.cli.e2e;

import static dev.whokilled.cli.e2e.LiveHarness.JAR;
import static dev.whokilled.cli.e2e.LiveHarness.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.agent.store.StoreReader;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.cli.e2e.LiveHarness.Cli;
import dev.whokilled.rules.live.Gap;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's ring buffer wraps while the agent is stopped: records it never read are gone. On
 * restart it must say so, as a kmsg gap with the number of records lost, never silently resume.
 * Writes to /dev/kmsg are rate-limited by default ({@code printk_devkmsg=ratelimit}), so the test
 * turns that off for the seconds it writes and restores it in every case.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class KmsgOverrunIT {
    private static final Path DEVKMSG = Path.of("/proc/sys/kernel/printk_devkmsg");
    private static final int MAX_RECORDS = 400_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    /** The sequence number of the oldest record still in the ring. */
    private static long oldestSeq() throws IOException {
        try (FileInputStream kmsg = new FileInputStream("/dev/kmsg")) {
            byte[] buf = new byte[8192];
            int n = kmsg.read(buf); // one record per read, the oldest first
            String record = new String(buf, 0, n, StandardCharsets.UTF_8);
            return Long.parseLong(record.split(",", 3)[1]);
        }
    }

    /** Writes user records until the oldest one left is past {@code seq}; returns how many it wrote. */
    private static int wrapPast(long seq) throws IOException {
        String previous = Files.readString(DEVKMSG).strip();
        Files.writeString(DEVKMSG, "on\n"); // the sysctl refuses a value without its newline (EINVAL)
        try (FileOutputStream kmsg = new FileOutputStream("/dev/kmsg")) {
            byte[] line = ("<14>whokilled-test: ring buffer filler, written to wrap the ring while the agent is"
                    + " stopped\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 1; i <= MAX_RECORDS; i++) {
                kmsg.write(line); // one write, one record
                if (i % 1000 == 0 && oldestSeq() > seq + 1) {
                    return i;
                }
            }
        } finally {
            Files.writeString(DEVKMSG, previous + "\n");
        }
        throw new IllegalStateException("the ring did not wrap after " + MAX_RECORDS + " records");
    }

    @Test
    void ringWrappedWhileStopped_restartRecordsAKmsgGapWithTheLostCount() throws Exception {
        LiveHarness.requireOrSkip("kmsg overrun test", LiveHarness.missingForAgent());
        Path store = tmp.resolve("store");
        try (AgentProcess first = AgentProcess.start(JAR, store)) {
            Thread.sleep(500);
            assertEquals(0, first.stop());
        }
        JsonNode checkpoint = new ObjectMapper().readTree(store.resolve("checkpoint.json").toFile());
        long stored = checkpoint.get("kmsg_seq").asLong();

        int written = wrapPast(stored);
        long lostAtLeast = oldestSeq() - stored - 1;

        long lostAtMost;
        try (AgentProcess second = AgentProcess.start(JAR, store)) {
            lostAtMost = oldestSeq() - stored - 1;
            assertEquals(0, second.stop());
        }
        List<Gap> gaps = new ArrayList<>();
        StoreReader.open(store).scan(TimeWindow.ALL, e -> {
            if (e instanceof StoreEntry.FactEntry f && f.fact() instanceof Gap g && g.source().equals("kmsg")) {
                gaps.add(g);
            }
        });
        assertEquals(1, gaps.size(), gaps.toString());
        long lost = gaps.get(0).lost().orElseThrow();
        assertTrue(lost >= lostAtLeast && lost <= lostAtMost, "lost " + lost + ", expected " + lostAtLeast + ".."
                + lostAtMost);
        Cli list = cli("list", "--store", store.toString());
        assertTrue(list.err().contains("kmsg: ") && list.err().contains(lost + " lost"), list.err());
        System.out.printf("kmsg overrun: checkpoint at seq %d, %d records written, gap of %d lost records (%d..%d)%n",
                stored, written, lost, lostAtLeast, lostAtMost);
    }
}
