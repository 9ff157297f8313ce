package dev.whokilled.rules.reader;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code ident[pid]: } tag a process puts in front of a syslog message, found the way
 * journald finds it ({@code syslog_parse_identifier}); immutable.
 *
 * @param identifier the tag ({@code systemd-journald}, {@code kernel})
 * @param pid the number in brackets, when there is one
 * @param messageStart index of the message after {@code ": "}
 */
record SyslogTag(String identifier, OptionalInt pid, int messageStart) {
    /** Longest tag we accept; journald and rsyslog cut far earlier, so longer is a message, not a tag. */
    private static final int MAX_IDENT_CHARS = 128;

    /** The tag starting at {@code from}, if the text there has the shape {@code ident[pid]: } or {@code ident: }. */
    static Optional<SyslogTag> parse(String s, int from) {
        int end = Math.min(s.length(), from + MAX_IDENT_CHARS + 1);
        int i = from;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '[' || c == ':' || c == ' ' || c == '\t') {
                break;
            }
            i++;
        }
        if (i == from || i >= s.length() || i == end) {
            return Optional.empty();
        }
        String ident = s.substring(from, i);
        OptionalInt pid = OptionalInt.empty();
        if (s.charAt(i) == '[') {
            int close = Scan.indexOf(s, ']', i + 1, Math.min(s.length(), i + 12));
            if (close < 0) {
                return Optional.empty();
            }
            long p = Scan.digits(s, i + 1, close);
            if (p < 0 || p > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            pid = OptionalInt.of((int) p);
            i = close + 1;
        }
        if (i >= s.length() || s.charAt(i) != ':') {
            return Optional.empty();
        }
        i++;
        if (i < s.length()) {
            if (s.charAt(i) != ' ') {
                return Optional.empty();
            }
            i++;
        }
        return Optional.of(new SyslogTag(ident, pid, i));
    }
}
