package dev.whokilled.rules.fault;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Number parsing for log fields that never throws: a field that is not a number is absent, not zero. Thread-safe. */
final class Numbers {
    private Numbers() {
    }

    /** A non-negative decimal that fits a long, or empty (for null, empty, signs, letters and overflow). */
    static OptionalLong decimal(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(text));
    }

    /** An unsigned hex number of at most 16 digits (a 64-bit value), or empty. */
    static OptionalLong hex(String text) {
        if (text == null || text.isEmpty() || text.length() > 16) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseUnsignedLong(text, 16));
    }

    /** A pid: a decimal from 1 to {@link Integer#MAX_VALUE}, or empty. */
    static OptionalInt pid(String text) {
        OptionalLong value = decimal(text);
        return value.isPresent() && value.getAsLong() > 0 && value.getAsLong() <= Integer.MAX_VALUE
                ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }
}
