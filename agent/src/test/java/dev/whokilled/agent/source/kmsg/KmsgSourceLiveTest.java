package dev.whokilled.agent.source.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.testing.LivePrerequisites;
import dev.whokilled.agent.source.LogSink;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Reads the real /dev/kmsg: a line this test writes arrives, as a userspace record (it cannot be kernel). */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class KmsgSourceLiveTest {
    private static final Path KMSG = Path.of("/dev/kmsg");

    @Test
    void follow_lineWrittenByThisTest_arrivesAsUserspaceRecord() throws Exception {
        boolean usable = Files.isReadable(KMSG) && Files.isWritable(KMSG);
        LivePrerequisites.require(usable, "needs root to read and write /dev/kmsg");
        String marker = "whokilled-kmsg-test " + UUID.randomUUID();
        List<KernelRecord> seen = new CopyOnWriteArrayList<>();
        List<StopListener.Stop> stops = new CopyOnWriteArrayList<>();
        Clock clock = Clock.systemUTC();
        long nowMicros = System.nanoTime() / 1000;
        KmsgSource source = new KmsgSource(KmsgSource.device(KMSG), "test-boot", OptionalLong.empty(),
                new BootClock(clock.instant().minusNanos(System.nanoTime())), clock, nowMicros, new LogSink() {
                    @Override
                    public void record(KernelRecord record) {
                        seen.add(record);
                    }

                    @Override
                    public void gap(Gap gap) {
                        // an overrun of the shared ring by other writers is possible and harmless here
                    }
                }, stop -> stops.add(stop));
        source.start();
        try {
            // <14> asks for user.info; facility 0 would be refused by the kernel anyway.
            Files.writeString(KMSG, "<14>whokilled-test[" + ProcessHandle.current().pid() + "]: " + marker + "\n");
            Instant deadline = Instant.now().plusSeconds(5);
            while (seen.stream().noneMatch(r -> r.message().equals(marker)) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
        } finally {
            source.close();
        }
        KernelRecord mine = seen.stream().filter(r -> r.message().equals(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("our line did not arrive within 5 s"));
        assertEquals(Origin.USERSPACE, mine.origin());
        assertTrue(mine.provenance().identifier().isPresent());
        assertTrue(mine.stamp().sequence().isPresent());
        assertEquals(List.of(), stops, "the device never ends, and close() is no stop");
    }
}
