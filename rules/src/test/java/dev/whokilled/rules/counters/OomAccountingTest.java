package dev.whokilled.rules.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The counted-versus-explained sentence. */
class OomAccountingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3|2|the kernel counted 3 OOM kills this boot (/proc/vmstat oom_kill); the store explains 2 of them",
        "1|1|the kernel counted 1 OOM kill this boot (/proc/vmstat oom_kill); the store explains it",
        "4|4|the kernel counted 4 OOM kills this boot (/proc/vmstat oom_kill); the store explains all of them",
        "2|0|the kernel counted 2 OOM kills this boot (/proc/vmstat oom_kill); the store explains 0 of them",
        "0|0|the kernel counted 0 OOM kills this boot (/proc/vmstat oom_kill)",
        "1|2|the kernel counted 1 OOM kill this boot (/proc/vmstat oom_kill); the store explains 2, more than counted (is it from another boot?)",
    })
    void sentence_countedAndExplained_saysBoth(long counted, long explained, String expected) {
        assertEquals(expected, new OomAccounting(counted, explained).sentence("the store"));
    }

    @Test
    void unexplained_fewerExplained_isTheDifference() {
        assertEquals(1, new OomAccounting(3, 2).unexplained());
        assertFalse(new OomAccounting(3, 2).complete());
        assertTrue(new OomAccounting(2, 2).complete());
    }

    @Test
    void new_negativeCount_isRejectedWithTheValue() {
        assertEquals("counted must not be negative: -1",
                assertThrows(IllegalArgumentException.class, () -> new OomAccounting(-1, 0)).getMessage());
    }
}
