package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.record.KernelRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The store writer's next wake-up: the earliest deadline of the work it holds, never past the heartbeat; and which items wake it. */
class WriterWakeTest {
    private static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");
    private static final Duration LONGEST = Duration.ofSeconds(30);

    private static Optional<Instant> in(long millis) {
        return Optional.of(NOW.plusMillis(millis));
    }

    @Test
    void waitFrom_idle_sleepsUntilTheHeartbeat() {
        WriterWake idle = new WriterWake(Optional.empty(), Optional.empty(), NOW.plusSeconds(25), Optional.empty(),
                Optional.empty());
        assertEquals(Duration.ofSeconds(25), idle.waitFrom(NOW, LONGEST));
    }

    @Test
    void waitFrom_settlingExit_wakesWhenItHasSettled() {
        WriterWake w = new WriterWake(Optional.empty(), in(180), NOW.plusSeconds(25), Optional.empty(), Optional.empty());
        assertEquals(Duration.ofMillis(180), w.waitFrom(NOW, LONGEST));
    }

    @Test
    void waitFrom_severalDeadlines_takesTheEarliest() {
        WriterWake w = new WriterWake(in(90), in(180), NOW.plusSeconds(25), in(5_000), in(60));
        assertEquals(Duration.ofMillis(60), w.waitFrom(NOW, LONGEST));
        assertEquals(Duration.ofMillis(90), new WriterWake(in(90), in(180), NOW.plusSeconds(25), in(5_000),
                Optional.empty()).waitFrom(NOW, LONGEST));
        assertEquals(Duration.ofSeconds(5), new WriterWake(Optional.empty(), Optional.empty(), NOW.plusSeconds(25),
                in(5_000), Optional.empty()).waitFrom(NOW, LONGEST));
    }

    @Test
    void waitFrom_deadlinePassed_doesNotWait() {
        WriterWake w = new WriterWake(in(-5), Optional.empty(), NOW.plusSeconds(25), Optional.empty(), Optional.empty());
        assertEquals(Duration.ZERO, w.waitFrom(NOW, LONGEST));
    }

    @Test
    void waitFrom_wallClockSetBack_waitsAtMostTheLongest() {
        WriterWake w = new WriterWake(Optional.empty(), Optional.empty(), NOW.plus(Duration.ofHours(1)), Optional.empty(),
                Optional.empty());
        assertEquals(LONGEST, w.waitFrom(NOW, LONGEST));
    }

    @Test
    void isQuiet_onlyCleanExits() {
        assertTrue(Agent.isQuiet(exit(0)), "exit 0: never stored, need not wake the writer");
        assertFalse(Agent.isQuiet(exit(9)), "SIGKILL: a death to settle on time");
        assertFalse(Agent.isQuiet(exit(3 << 8)), "exit 3: stored for configured names");
        assertFalse(Agent.isQuiet(KernelRecord.kernel(0, 1, "segv[77]: segfault at 0 ip 0 sp 0 error 4")));
    }

    private static ProcessExit exit(int waitStatus) {
        return new ProcessExit(4242, waitStatus, 1_000, NOW, "boot", OptionalInt.of(1), Optional.empty(), List.of());
    }
}
