package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.oom.RankedCandidate;
import dev.whokilled.rules.oom.VictimChoice;
import dev.whokilled.rules.oom.VictimRanking;
import java.util.Objects;
import java.util.OptionalLong;

/** An OOM kill with the ranking that explains its victim: the {@code oom} part of a termination. Immutable. */
public record OomFinding(OomKill kill, VictimChoice choice) {
    public OomFinding {
        Objects.requireNonNull(kill, "kill");
        Objects.requireNonNull(choice, "choice");
    }

    public static OomFinding of(OomKill kill) {
        return new OomFinding(kill, VictimRanking.rank(kill));
    }

    /** The kernel's badness of a task of the table, as we recompute it; empty for a pid not in the table. */
    public OptionalLong badnessOf(int pid) {
        return choice.ranking().stream().filter(r -> r.candidate().pid() == pid)
                .mapToLong(RankedCandidate::points).findFirst();
    }
}
