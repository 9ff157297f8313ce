package dev.whokilled.agent.export.journal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a journal entry. The name follows journald's rule for fields a client may send: upper-case letters,
 * digits and '_', not starting with '_' (journald reserves those for its trusted fields) nor a digit, at most 64
 * characters. The value is data, any text at all: the encoding, not the caller, makes newlines and control
 * characters safe. Immutable.
 */
public record JournalField(String name, String value) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public JournalField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("journal field name must be 1-64 of A-Z, 0-9 and '_', starting with a"
                    + " letter, got '" + name + "'");
        }
    }
}
