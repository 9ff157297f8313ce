package dev.whokilled.agent.source.trace;

import java.io.IOException;

/**
 * The signal source cannot start; the message says what is missing, where, and how to fix it, and is meant to be
 * shown as it is (agent log, {@code doctor}).
 */
public final class TracefsUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public TracefsUnavailableException(String message) {
        super(message);
    }

    public TracefsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
