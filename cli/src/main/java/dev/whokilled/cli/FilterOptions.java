package dev.whokilled.cli;

import dev.whokilled.rules.explain.Cause;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** The death filters shared by {@code analyze} and {@code list}; a picocli mixin. */
final class FilterOptions {
    @Option(names = {"-S", "--since"}, paramLabel = "TIME", description = "Only deaths at or after TIME: as journalctl takes it (systemd.time(7): '2026-11-22 03:12 UTC', 'today', 'yesterday', '2h ago', '-1h30m', '@EPOCH') or ISO-8601.")
    String since;

    @Option(names = {"-U", "--until"}, paramLabel = "TIME", description = "Only deaths at or before TIME.")
    String until;

    @Option(names = "--pid", paramLabel = "PID", description = "Only deaths of this pid (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "Only processes whose name (comm) contains NAME (repeatable).")
    List<String> names = new ArrayList<>();

    @Option(names = "--cause", paramLabel = "CAUSE", description = "Only these causes (repeatable): ${COMPLETION-CANDIDATES}.", completionCandidates = CauseNames.class)
    List<String> causes = new ArrayList<>();

    @Option(names = "--unit", paramLabel = "UNIT", description = "Only processes of this systemd unit (repeatable).")
    List<String> units = new ArrayList<>();

    /** The cause names as the user types them. */
    static final class CauseNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Cause.values()).map(Cause::label).iterator();
        }
    }

    /** The filter, or a usage error naming the option and value that are wrong. */
    DeathFilter toFilter(Clock clock) {
        TimeSpec times = new TimeSpec(clock);
        Optional<Instant> s = Optional.ofNullable(since).map(t -> times.parse("--since", t));
        Optional<Instant> u = Optional.ofNullable(until).map(t -> times.parse("--until", t));
        if (s.isPresent() && u.isPresent() && s.get().isAfter(u.get())) {
            throw CliException.usage("--since " + since + " is after --until " + until);
        }
        Set<Cause> wanted = new LinkedHashSet<>();
        for (String c : causes) {
            wanted.add(Cause.parse(c.toLowerCase(Locale.ROOT)).orElseThrow(() -> CliException.usage(
                    "--cause: unknown cause '" + c + "'; one of " + String.join(", ", new CauseNames()))));
        }
        for (int pid : pids) {
            if (pid <= 0) {
                throw CliException.usage("--pid must be positive, got " + pid);
            }
        }
        return new DeathFilter(s, u, Set.copyOf(pids), Set.copyOf(names), wanted, Set.copyOf(units));
    }
}
