package dev.whokilled.rules.oom;

import dev.whokilled.rules.evidence.OomCandidate;
import java.util.Objects;

/**
 * A task-table row with the badness the kernel would have given it. Immutable.
 *
 * @param footprintPages rss + swap entries + page tables, in pages: the memory the kill would free
 * @param points footprint plus the {@code oom_score_adj} term (0 when totalpages is unknown); meaningless when not eligible
 * @param eligible false for {@code oom_score_adj=-1000}, which the kernel never chooses
 */
public record RankedCandidate(OomCandidate candidate, long footprintPages, long points, boolean eligible) {
    public RankedCandidate {
        Objects.requireNonNull(candidate, "candidate");
        if (footprintPages < 0) {
            throw new IllegalArgumentException("footprintPages must not be negative: " + footprintPages);
        }
    }
}
