package dev.whokilled.rules.oom;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Why the OOM killer chose its victim, as far as the task table shows. Immutable.
 *
 * @param ranking eligible candidates by descending badness (ties in table order, as the kernel keeps the first),
 *     then the ineligible ones
 * @param chosenPid the victim: the pid the kernel killed when given, else the top of the ranking
 * @param approximate true when the ranking rests on something the log did not print (totalpages with a non-zero
 *     {@code oom_score_adj}, or page tables)
 * @param why one plain sentence for a person
 */
public record VictimChoice(List<RankedCandidate> ranking, OptionalInt chosenPid, Reason reason, boolean approximate,
                           String why) {
    public VictimChoice {
        ranking = List.copyOf(ranking);
        Objects.requireNonNull(chosenPid, "chosenPid");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(why, "why");
    }

    /** The kind of explanation. */
    public enum Reason {
        /** It had the largest footprint (rss + swap + page tables) of the candidates. */
        LARGEST,
        /** A task with a larger footprint was passed over because the victim's {@code oom_score_adj} was higher. */
        RAISED_OOM_SCORE_ADJ,
        /** A larger task was protected by a lower (negative) {@code oom_score_adj}, -1000 meaning never. */
        OTHERS_PROTECTED,
        /** It was the only task the kernel could choose from. */
        ONLY_CANDIDATE,
        /** The log holds no task table (rate-limited, lost, or {@code vm.oom_dump_tasks=0}). */
        NO_TABLE,
        /**
         * The victim is not in the table: a child sacrificed for its parent (up to 5.0), a table cut short, or a
         * row lost.
         */
        VICTIM_NOT_IN_TABLE,
        /**
         * By the table, another task scores higher: the kernel also weighs what the log does not show (tasks
         * exiting or already reaped, a task in vfork, {@code oom_kill_allocating_task}, values changing between
         * the table and the choice).
         */
        VICTIM_NOT_TOP_OF_TABLE;
    }
}
