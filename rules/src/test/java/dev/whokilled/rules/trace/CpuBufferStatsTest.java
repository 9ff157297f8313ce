package dev.whokilled.rules.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuBufferStatsTest {
    /** per_cpu/cpu1/stats right after 5000 SIGUSR1 into a 4 KiB buffer, kernel 6.18. */
    private static final String CAPTURED = """
            entries: 164
            overrun: 4836
            commit overrun: 0
            bytes: 8560
            oldest event ts:  1962.686560
            now ts:  1962.688540
            dropped events: 0
            read events: 27
            """;

    @Test
    void parse_capturedStats_readsTheFourCounters() {
        assertEquals(Optional.of(new CpuBufferStats(164, 4836, 0, 0)), CpuBufferStats.parse(CAPTURED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "overrun: 3\n", "entries: 1\noverrun: x\ncommit overrun: 0\ndropped events: 0\n",
        "entries: 1\noverrun: -3\ncommit overrun: 0\ndropped events: 0\n"})
    void parse_missingOrBrokenCounter_isEmpty(String text) {
        assertEquals(Optional.empty(), CpuBufferStats.parse(text));
    }
}
