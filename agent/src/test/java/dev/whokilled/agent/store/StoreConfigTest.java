package dev.whokilled.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void defaults_are64MiB512MiB30Days() {
        assertEquals(new StoreConfig(64L << 20, 512L << 20, Duration.ofDays(30)), StoreConfig.defaults());
    }

    @Test
    void new_negativeSegmentSize_namesKeyAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StoreConfig(-1, 10, Duration.ofDays(1)));
        assertEquals("store.maxSegmentBytes must be positive, got -1", e.getMessage());
    }

    @Test
    void new_totalBelowSegment_isRefusedNotCorrected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StoreConfig(100, 99, Duration.ofDays(1)));
        assertEquals("store.maxTotalBytes must be at least store.maxSegmentBytes (100), got 99", e.getMessage());
    }

    @Test
    void new_zeroAge_isRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StoreConfig(1, 1, Duration.ZERO));
        assertEquals("store.maxAge must be positive, got PT0S", e.getMessage());
    }
}
