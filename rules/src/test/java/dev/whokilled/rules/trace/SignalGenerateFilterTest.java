package dev.whokilled.rules.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalGenerateFilterTest {
    @Test
    void expression_fatalByDefault_isFourRanges() {
        assertEquals("(sig >= 1 && sig <= 16) || (sig >= 24 && sig <= 27) || (sig >= 29 && sig <= 31)"
                + " || (sig >= 34 && sig <= 64)", SignalGenerateFilter.expression(SignalGenerateFilter.FATAL_BY_DEFAULT));
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 18, 19, 20, 21, 22, 23, 28, 32, 33})
    void fatalByDefault_leavesOutSignalsThatDoNotEndAProcess(int sig) {
        assertFalse(SignalGenerateFilter.FATAL_BY_DEFAULT.contains(sig));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 9, 11, 15, 16, 24, 27, 29, 31, 34, 64})
    void fatalByDefault_holdsSignalsThatEndAProcess(int sig) {
        assertTrue(SignalGenerateFilter.FATAL_BY_DEFAULT.contains(sig));
    }

    @Test
    void expression_singlesAndRanges() {
        assertEquals("sig == 6 || (sig >= 9 && sig <= 10) || sig == 15", SignalGenerateFilter.expression(Set.of(15, 9, 6, 10)));
    }

    @Test
    void expression_outOfRangeOrEmpty_throws() {
        assertThrows(IllegalArgumentException.class, () -> SignalGenerateFilter.expression(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> SignalGenerateFilter.expression(Set.of(0, 9)));
        assertThrows(IllegalArgumentException.class, () -> SignalGenerateFilter.expression(Set.of(65)));
    }
}
