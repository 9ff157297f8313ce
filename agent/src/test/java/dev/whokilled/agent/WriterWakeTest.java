package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store writer's next wake-up: the earliest deadline of the work it holds, never past the heartbeat. */
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
}
