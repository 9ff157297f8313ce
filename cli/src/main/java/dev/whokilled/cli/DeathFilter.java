package dev.whokilled.cli;

import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.Notice;
import dev.whokilled.rules.explain.Termination;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The filters of {@code analyze} ({@code --since/--until/--pid/--name/--cause}); an empty set or
 * absent bound matches everything. Immutable.
 */
record DeathFilter(Optional<Instant> since, Optional<Instant> until, Set<Integer> pids, Set<String> names,
                   Set<Cause> causes, Set<String> units) {
    DeathFilter {
        pids = Set.copyOf(pids);
        names = Set.copyOf(names);
        causes = Set.copyOf(causes);
        units = Set.copyOf(units);
    }

    boolean isEmpty() {
        return since.isEmpty() && until.isEmpty() && pids.isEmpty() && names.isEmpty() && causes.isEmpty()
                && units.isEmpty();
    }

    boolean hasTimeBounds() {
        return since.isPresent() || until.isPresent();
    }

    /** Whether the explanation answers the question; a death without a wall time never matches a time bound. */
    boolean matches(Explanation e) {
        if (e instanceof Notice) {
            return pids.isEmpty() && names.isEmpty() && causes.isEmpty() && units.isEmpty() && inTime(e);
        }
        Termination t = (Termination) e;
        if (!pids.isEmpty() && (t.subject().pid().isEmpty() || !pids.contains(t.subject().pid().getAsInt()))) {
            return false;
        }
        if (!names.isEmpty() && names.stream().noneMatch(n -> t.subject().comm().map(c -> c.contains(n)).orElse(false))) {
            return false;
        }
        if (!causes.isEmpty() && !causes.contains(t.cause())) {
            return false;
        }
        if (!units.isEmpty() && t.subject().unit().filter(units::contains).isEmpty()) {
            return false;
        }
        return inTime(e);
    }

    private boolean inTime(Explanation e) {
        if (!hasTimeBounds()) {
            return true;
        }
        Optional<Instant> at = e.when().wallTime().map(w -> w.instant());
        if (at.isEmpty()) {
            return false;
        }
        return since.map(s -> !at.get().isBefore(s)).orElse(true) && until.map(u -> !at.get().isAfter(u)).orElse(true);
    }
}
