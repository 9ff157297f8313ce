package dev.whokilled.cli;

/**
 * A failure meant for the user: one line on stderr and an exit code, no stack trace (unless
 * {@code -v}). Thrown by commands, rendered by {@link Cli}.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Input that could not be read or understood: exit 2. */
    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }
}
