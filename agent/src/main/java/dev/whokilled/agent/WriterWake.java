package dev.whokilled.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When the agent's store writer must wake next, from the deadlines of the work it holds; the writer blocks on its
 * queue until then, so an idle agent does not wake every flush interval for nothing. Each deadline is absent when
 * there is no such work. Pure: the writer reads its state into one of these and waits {@link #waitFrom}.
 *
 * @param flush when buffered entries must be written (the last flush plus the flush interval), if any are buffered
 * @param settle when the first exit that may be stored has settled ({@link Recorder#settleDue}) and can be flushed
 * @param heartbeat when the checkpoint is due even with nothing to store ({@link Recorder#checkpointDue})
 * @param retry when sources that could not start are tried again, if any could not
 * @param feed when the export feed must be ticked again, while it holds terminations or their evidence
 */
record WriterWake(Optional<Instant> flush, Optional<Instant> settle, Instant heartbeat, Optional<Instant> retry,
                  Optional<Instant> feed) {
    WriterWake {
        Objects.requireNonNull(flush, "flush");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(feed, "feed");
    }

    /**
     * How long to wait from {@code now}: until the earliest deadline, zero when one has passed, and never longer
     * than {@code longest} (a wall clock set back must not put the writer to sleep for the time it jumped).
     */
    Duration waitFrom(Instant now, Duration longest) {
        Instant earliest = now.plus(longest);
        for (Optional<Instant> due : List.of(flush, settle, Optional.of(heartbeat), retry, feed)) {
            if (due.isPresent() && due.get().isBefore(earliest)) {
                earliest = due.get();
            }
        }
        return earliest.isAfter(now) ? Duration.between(now, earliest) : Duration.ZERO;
    }
}
