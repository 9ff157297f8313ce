package dev.whokilled.rules.reader;

/**
 * Small allocation-free scanning helpers for the line parsers; stateless, thread-safe.
 *
 * <p>Internal: {@code -1} stands for "not a number here" and never leaves this package's parsers,
 * which turn it into {@link LineResult.NotUnderstood} or an empty optional.
 */
final class Scan {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private Scan() {
    }

    /** The unsigned decimal in {@code s[from, to)}, or -1 if empty, not all digits, or over 18 digits. */
    static long digits(String s, int from, int to) {
        if (from >= to || to - from > 18 || to > s.length()) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The month 1-12 of the English abbreviation at {@code at} ({@code Nov}), or -1. */
    static int month(String s, int at) {
        if (at + 3 > s.length()) {
            return -1;
        }
        for (int m = 0; m < 12; m++) {
            if (s.regionMatches(at, MONTHS, m * 3, 3)) {
                return m + 1;
            }
        }
        return -1;
    }

    /** Index of the first {@code c} in {@code s[from, to)}, or -1. */
    static int indexOf(String s, char c, int from, int to) {
        int i = s.indexOf(c, from);
        return i >= 0 && i < to ? i : -1;
    }

    /** The first index at or after {@code from} that is not a space. */
    static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Whether {@code s} has a digit at {@code at}. */
    static boolean isDigit(String s, int at) {
        if (at >= s.length()) {
            return false;
        }
        char c = s.charAt(at);
        return c >= '0' && c <= '9';
    }
}
