package dev.whokilled.rules.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.oom.VictimChoice.Reason;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VictimRankingTest {

    private static OomCandidate task(int pid, long rss, long pgtablesBytes, long swap, int adj) {
        return new OomCandidate(pid, OptionalLong.of(0), OptionalLong.of(pid), rss * 2, rss, OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(pgtablesBytes), swap, adj, "t" + pid);
    }

    @Test
    void rank_noTable_saysSo() {
        VictimChoice c = VictimRanking.rank(List.of(), OptionalInt.of(5), OptionalLong.empty());
        assertEquals(Reason.NO_TABLE, c.reason());
        assertEquals(OptionalInt.of(5), c.chosenPid());
    }

    @Test
    void rank_oneEligibleTask_isOnlyCandidate() {
        VictimChoice c = VictimRanking.rank(List.of(task(1, 10, 4096, 0, 0), task(2, 99, 4096, 0, -1000)),
                OptionalInt.of(1), OptionalLong.of(1000));
        assertEquals(Reason.ONLY_CANDIDATE, c.reason());
        assertFalse(c.ranking().get(1).eligible());
    }

    @Test
    void rank_swapAndPageTablesCount_likeOomBadness() {
        // rss alone favours pid 1; swap makes pid 2 the larger footprint.
        VictimChoice c = VictimRanking.rank(List.of(task(1, 1000, 0, 0, 0), task(2, 600, 8192, 500, 0)),
                OptionalInt.empty(), OptionalLong.of(100_000));
        assertEquals(OptionalInt.of(2), c.chosenPid());
        assertEquals(1102, c.ranking().get(0).points());
        assertEquals(Reason.LARGEST, c.reason());
    }

    @Test
    void rank_adjTerm_usesIntegerDivisionOfTotalpagesFirst() {
        // totalpages 1999: the kernel multiplies adj by 1999 / 1000 = 1, not by 1.999.
        VictimChoice c = VictimRanking.rank(List.of(task(1, 100, 0, 0, 500)), OptionalInt.of(1), OptionalLong.of(1999));
        assertEquals(600, c.ranking().get(0).points());
    }

    @Test
    void rank_largerTaskProtectedByNegativeAdj_isOthersProtected() {
        VictimChoice c = VictimRanking.rank(List.of(task(1, 5000, 0, 0, -500), task(2, 1000, 0, 0, 0)),
                OptionalInt.of(2), OptionalLong.of(10_000));
        assertEquals(Reason.OTHERS_PROTECTED, c.reason());
        assertTrue(c.why().contains("pid 1 (t1) used more"), c.why());
    }

    @Test
    void rank_victimBelowAnotherWithoutAnyAdjReason_isNotTopOfTable() {
        VictimChoice c = VictimRanking.rank(List.of(task(1, 5000, 0, 0, 0), task(2, 1000, 0, 0, 0)),
                OptionalInt.of(2), OptionalLong.of(10_000));
        assertEquals(Reason.VICTIM_NOT_TOP_OF_TABLE, c.reason());
        assertTrue(c.why().contains("the kernel also weighs what the log does not show"), c.why());
    }

    @Test
    void rank_victimMissingFromTable_isNotInTable() {
        VictimChoice c = VictimRanking.rank(List.of(task(1, 5000, 0, 0, 0)), OptionalInt.of(9), OptionalLong.empty());
        assertEquals(Reason.VICTIM_NOT_IN_TABLE, c.reason());
    }

    @Test
    void rank_pageTablesNotPrinted_isApproximate() {
        OomCandidate old = new OomCandidate(1, OptionalLong.empty(), OptionalLong.empty(), 10, 5, OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 0, 0, "x");
        assertTrue(VictimRanking.rank(List.of(old, task(2, 1, 0, 0, 0)), OptionalInt.of(1), OptionalLong.of(10)).approximate());
    }

    @Test
    void rank_withoutVictim_predictsTheTop() {
        VictimChoice c = VictimRanking.rank(List.of(task(1, 10, 0, 0, 0), task(2, 20, 0, 0, 0)), OptionalInt.empty(),
                OptionalLong.of(1000));
        assertEquals(OptionalInt.of(2), c.chosenPid());
    }
}
