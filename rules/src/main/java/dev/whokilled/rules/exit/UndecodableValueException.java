package dev.whokilled.rules.exit;

/**
 * The input is no exit status, wait status, return code or signal we know; the message is one line for a person and
 * names the value. Immutable.
 */
public final class UndecodableValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String value;

    public UndecodableValueException(String value, String reason) {
        super("cannot decode '" + value + "': " + reason);
        this.value = value;
    }

    /** The input as given. */
    public String value() {
        return value;
    }
}
