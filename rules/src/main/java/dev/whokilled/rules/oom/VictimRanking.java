package dev.whokilled.rules.oom;

import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.oom.VictimChoice.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Pure re-computation of the kernel's victim choice from an OOM report's task table; stateless and thread-safe.
 *
 * <p>Modelled on {@code oom_badness()} in mm/oom_kill.c from 3.8 to 6.18:
 * {@code points = rss + swapents + page-table pages} (4.15+: {@code pgtables_bytes / PAGE_SIZE}; before:
 * {@code nr_ptes} (+ {@code nr_pmds} 4.1 to 4.14)), then {@code adj *= totalpages / 1000; points += adj} (integer
 * division first, as the kernel writes it), where totalpages is the memcg limit in pages for a memcg OOM and
 * RAM + swap pages for a global one; {@code oom_score_adj = -1000} is never chosen; the highest points win, the
 * first in iteration (table) order on a tie.
 *
 * <p>Not modelled: the 3% bonus for CAP_SYS_ADMIN tasks ({@code points -= points * 3 / 100}, read at 4.14, removed
 * by "mm, oom: remove 3% bonus for privileged processes" after 4.15's pgtables_bytes); 2.6.36 to 3.7 normalised
 * to 0-1000 first ({@code points * 1000 / totalpages}, root -30); the 2.6.32 table prints neither swap nor page
 * tables. The log shows neither capabilities nor the kernel version reliably, so these differences are left to the
 * {@link VictimChoice#approximate()} flag and the wording. Pages are 4 KiB (x86_64, most arm64 distributions).
 */
public final class VictimRanking {
    /** The page size assumed for page counts and {@code pgtables_bytes}. */
    public static final long PAGE_SIZE = 4096;

    private VictimRanking() {
    }

    /**
     * Ranks an assembled kill's candidates. totalpages is the memcg limit ({@code memory:} line) for a memcg OOM; for
     * other constraints the kill record carries no RAM size, so it is unknown.
     */
    public static VictimChoice rank(OomKill kill) {
        OptionalLong total = OptionalLong.empty();
        if (kill.constraint() == OomConstraint.MEMCG || kill.cgroupOom()) {
            Optional<MemoryUsage> memory = kill.memoryCounter();
            if (memory.isPresent()) {
                total = OptionalLong.of(Math.max(1, memory.get().limitKb() * 1024 / PAGE_SIZE));
            }
        }
        return rank(kill.candidates(), OptionalInt.of(kill.victim().pid()), total);
    }

    /**
     * Ranks candidates and explains the choice.
     *
     * @param victimPid the pid the kernel killed, when known; otherwise the ranking predicts one
     * @param totalPages the kernel's totalpages, when known
     */
    public static VictimChoice rank(List<OomCandidate> candidates, OptionalInt victimPid, OptionalLong totalPages) {
        boolean approximate = false;
        List<RankedCandidate> ranked = new ArrayList<>(candidates.size());
        for (OomCandidate c : candidates) {
            boolean eligible = c.oomScoreAdj() != -1000;
            long pgtablePages = c.pgtablesBytes().orElse(0) / PAGE_SIZE;
            approximate |= eligible && c.pgtablesBytes().isEmpty();
            long footprint = Math.max(0, c.rssPages()) + Math.max(0, c.swapEntries()) + pgtablePages;
            long adjTerm = 0;
            if (totalPages.isPresent()) {
                adjTerm = (long) c.oomScoreAdj() * (totalPages.getAsLong() / 1000);
            } else if (eligible && c.oomScoreAdj() != 0) {
                approximate = true;
            }
            ranked.add(new RankedCandidate(c, footprint, footprint + adjTerm, eligible));
        }
        ranked.sort(Comparator.comparing(RankedCandidate::eligible).reversed()
                .thenComparing(Comparator.comparingLong(RankedCandidate::points).reversed()));
        List<RankedCandidate> eligible = ranked.stream().filter(RankedCandidate::eligible).toList();
        if (candidates.isEmpty()) {
            return new VictimChoice(ranked, victimPid, Reason.NO_TABLE, false,
                    "the report has no task table, so the choice cannot be checked"
                            + " (rate-limited, lost, or vm.oom_dump_tasks=0)");
        }
        if (eligible.isEmpty()) {
            return new VictimChoice(ranked, victimPid, Reason.VICTIM_NOT_IN_TABLE, approximate,
                    "every task in the table has oom_score_adj=-1000, so the victim cannot be one of them");
        }
        int chosen = victimPid.orElse(eligible.get(0).candidate().pid());
        Optional<RankedCandidate> victim = eligible.stream().filter(r -> r.candidate().pid() == chosen).findFirst();
        if (victim.isEmpty()) {
            return new VictimChoice(ranked, OptionalInt.of(chosen), Reason.VICTIM_NOT_IN_TABLE, approximate,
                    "pid " + chosen + " is not among the " + eligible.size() + " eligible tasks of the table"
                            + " (a child killed in its parent's place before 5.0, a cut table, or a lost row)");
        }
        RankedCandidate v = victim.get();
        if (eligible.size() == 1) {
            return new VictimChoice(ranked, OptionalInt.of(chosen), Reason.ONLY_CANDIDATE, approximate,
                    "it was the only task that could be chosen: " + describe(v) + " using " + mib(v.footprintPages()));
        }
        RankedCandidate largest = eligible.stream().max(Comparator.comparingLong(RankedCandidate::footprintPages)
                .thenComparing(r -> -eligible.indexOf(r))).orElseThrow();
        RankedCandidate top = eligible.get(0);
        boolean victimTop = top == v || top.points() == v.points() && eligible.indexOf(v) <= eligible.indexOf(top);
        boolean victimLargest = largest == v || largest.footprintPages() == v.footprintPages();
        if (victimLargest && (victimTop || totalPages.isEmpty() && v.candidate().oomScoreAdj() >= top.candidate().oomScoreAdj())) {
            RankedCandidate next = eligible.stream().filter(r -> r != v)
                    .max(Comparator.comparingLong(RankedCandidate::footprintPages)).orElseThrow();
            return new VictimChoice(ranked, OptionalInt.of(chosen), Reason.LARGEST, approximate || !victimTop,
                    "chosen as the largest of " + eligible.size() + " candidates: " + mib(v.footprintPages())
                            + " (resident + swap + page tables) vs " + mib(next.footprintPages()) + " for "
                            + describe(next));
        }
        if (!victimLargest) {
            int victimAdj = v.candidate().oomScoreAdj();
            int largestAdj = largest.candidate().oomScoreAdj();
            // Without totalpages the adj term is unknown: the higher adj is still the only reason the table offers.
            boolean explainedByAdj = victimTop || totalPages.isEmpty() && victimAdj != largestAdj;
            if (explainedByAdj && victimAdj > largestAdj && victimAdj > 0) {
                return new VictimChoice(ranked, OptionalInt.of(chosen), Reason.RAISED_OOM_SCORE_ADJ,
                        approximate || !victimTop, "chosen because oom_score_adj=" + victimAdj + " although "
                                + describe(largest) + " used more: " + mib(v.footprintPages()) + " vs "
                                + mib(largest.footprintPages()) + (largestAdj != 0 ? " (its oom_score_adj="
                                + largestAdj + ")" : ""));
            }
            if (explainedByAdj && victimAdj > largestAdj) {
                return new VictimChoice(ranked, OptionalInt.of(chosen), Reason.OTHERS_PROTECTED,
                        approximate || !victimTop, describe(largest) + " used more (" + mib(largest.footprintPages())
                                + " vs " + mib(v.footprintPages()) + ") but was protected by oom_score_adj="
                                + largestAdj);
            }
        }
        return new VictimChoice(ranked, OptionalInt.of(chosen), Reason.VICTIM_NOT_TOP_OF_TABLE, approximate,
                "by the task table " + describe(top) + " scores higher (" + top.points() + " vs " + v.points()
                        + " points); the kernel also weighs what the log does not show, such as tasks already"
                        + " exiting or being reaped");
    }

    private static String describe(RankedCandidate r) {
        return "pid " + r.candidate().pid() + " (" + r.candidate().name() + ")";
    }

    private static String mib(long pages) {
        return String.format(Locale.ROOT, "%.1f MiB", pages * (double) PAGE_SIZE / (1024 * 1024));
    }
}
