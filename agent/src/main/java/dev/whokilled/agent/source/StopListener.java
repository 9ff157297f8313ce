package dev.whokilled.agent.source;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a source says it stopped on its own: its reader thread ended on an error (or, for a device that never ends,
 * at end of file), or a {@link SelfCheck} found it quiet, and nothing more is observed until it is started again. A
 * source calls it at most once, from its own thread or the one that checked it, and never for a stop that its
 * {@code close()} asked for. Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface StopListener {
    void stopped(Stop stop);

    /**
     * One stop.
     *
     * @param since from when nothing is observed: the last time the source knows it read everything
     * @param reason what ended it, one line for the log and the gap ("recv(proc connector) failed: EBADF")
     */
    record Stop(Instant since, String reason) {
        public Stop {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a stop needs a reason");
            }
        }

        /** A stop caused by {@code cause}: an I/O error's own message, anything else (a bug) with its class. */
        public static Stop of(Instant since, Throwable cause) {
            String message = cause instanceof IOException && cause.getMessage() != null ? cause.getMessage()
                    : cause.toString();
            return new Stop(since, message);
        }
    }
}
