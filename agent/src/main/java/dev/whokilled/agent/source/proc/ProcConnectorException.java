package dev.whokilled.agent.source.proc;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * A proc connector socket call failed. The message says which call, with which errno name, and what it usually means
 * ("socket(AF_NETLINK, NETLINK_CONNECTOR) failed: EPERM ..."), so the agent can print it as is.
 */
public final class ProcConnectorException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    ProcConnectorException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    ProcConnectorException(String message) {
        super(message);
        this.errno = 0;
    }

    /** The errno of the failed call; empty when no call failed (no answer from the kernel, say). */
    public OptionalInt errno() {
        return errno == 0 ? OptionalInt.empty() : OptionalInt.of(errno);
    }
}
