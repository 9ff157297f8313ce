package dev.whokilled.rules.live;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A stretch of time in which a source could not see everything: the kmsg ring overwrote records
 * (EPIPE), netlink dropped events (ENOBUFS), the trace buffer overran, or the agent was down.
 * Recorded so the CLI can say "no data for 03:10-03:14" instead of implying nothing happened.
 *
 * @param source {@code kmsg}, {@code journal}, {@code proc-connector}, {@code tracefs} or {@code agent}
 * @param lost how many records or events were lost, when the source can count them
 */
public record Gap(String source, Instant from, Instant to, OptionalLong lost, String reason, Instant observedAt)
        implements Fact {
    public Gap {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(lost, "lost");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(observedAt, "observedAt");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("gap ends before it starts: " + from + " > " + to);
        }
    }
}
