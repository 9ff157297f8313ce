package dev.whokilled.rules.reader;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the wall-clock stamps that open syslog and {@code journalctl -o short*} lines; not
 * thread-safe (it carries a {@link LocalTimes} cache), one per parser.
 */
final class SyslogStamps {
    /** A stamp and the index just after it (and after the one space that follows it). */
    record LineStamp(Instant instant, int end) {
    }

    private final LocalTimes local;
    private final int year;

    SyslogStamps(ZoneId zone, int year) {
        this.local = new LocalTimes(zone);
        this.year = year;
    }

    /**
     * Classic {@code Nov 22 17:02:15 } (day space-padded), in the configured zone and year; with
     * {@code allowFraction} also {@code Nov 22 17:02:15.123456 } ({@code short-precise}).
     */
    Optional<LineStamp> classic(String s, boolean allowFraction) {
        if (s.length() < 16 || s.charAt(3) != ' ' || s.charAt(6) != ' ') {
            return Optional.empty();
        }
        int month = Scan.month(s, 0);
        int day = (int) (s.charAt(4) == ' ' ? Scan.digits(s, 5, 6) : Scan.digits(s, 4, 6));
        if (month < 0 || day < 0) {
            return Optional.empty();
        }
        return time(s, 7, allowFraction, false, year, month, day);
    }

    /**
     * ISO 8601 {@code 2026-11-22T17:02:15[.123456]+00:00 }. RFC 3339 (rsyslog) writes the offset
     * with a colon or as {@code Z}; {@code journalctl -o short-iso} (systemd 252) writes {@code +0000},
     * accepted only with {@code allowBasicOffset}.
     */
    Optional<LineStamp> iso(String s, boolean allowBasicOffset) {
        return isoDate(s, 0, 'T', allowBasicOffset);
    }

    /**
     * {@code journalctl -o short-full}: {@code Sun 2026-11-22 17:03:28 UTC }. The zone is an
     * abbreviation, which does not name a zone; {@code UTC}/{@code GMT} are taken at their word,
     * anything else is read in the configured zone (where journalctl most likely ran).
     */
    Optional<LineStamp> full(String s) {
        if (s.length() < 29 || s.charAt(3) != ' ' || !Character.isLetter(s.charAt(0))) {
            return Optional.empty();
        }
        int y = (int) Scan.digits(s, 4, 8);
        int mo = (int) Scan.digits(s, 9, 11);
        int d = (int) Scan.digits(s, 12, 14);
        if (y < 0 || mo < 0 || d < 0 || s.charAt(8) != '-' || s.charAt(11) != '-' || s.charAt(14) != ' ') {
            return Optional.empty();
        }
        int afterTime = 23;
        if (s.charAt(afterTime) == '.') {
            afterTime++;
            while (Scan.isDigit(s, afterTime)) {
                afterTime++;
            }
        }
        if (afterTime >= s.length() || s.charAt(afterTime) != ' ') {
            return Optional.empty();
        }
        int zoneEnd = Scan.indexOf(s, ' ', afterTime + 1, Math.min(s.length(), afterTime + 40));
        if (zoneEnd < 0 || zoneEnd == afterTime + 1) {
            return Optional.empty();
        }
        String abbreviation = s.substring(afterTime + 1, zoneEnd);
        boolean utc = abbreviation.equals("UTC") || abbreviation.equals("GMT");
        Optional<LineStamp> stamp = time(s, 15, true, utc, y, mo, d);
        return stamp.map(t -> new LineStamp(t.instant(), zoneEnd + 1));
    }

    private Optional<LineStamp> isoDate(String s, int at, char separator, boolean allowBasicOffset) {
        if (s.length() < at + 21 || s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-' || s.charAt(at + 10) != separator) {
            return Optional.empty();
        }
        int y = (int) Scan.digits(s, at, at + 4);
        int mo = (int) Scan.digits(s, at + 5, at + 7);
        int d = (int) Scan.digits(s, at + 8, at + 10);
        int h = (int) Scan.digits(s, at + 11, at + 13);
        int mi = (int) Scan.digits(s, at + 14, at + 16);
        int sec = (int) Scan.digits(s, at + 17, at + 19);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || s.charAt(at + 13) != ':' || s.charAt(at + 16) != ':') {
            return Optional.empty();
        }
        int i = at + 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int fracStart = ++i;
            while (Scan.isDigit(s, i)) {
                i++;
            }
            nanos = nanos(s, fracStart, i);
            if (nanos < 0) {
                return Optional.empty();
            }
        }
        if (i >= s.length()) {
            return Optional.empty();
        }
        int offsetSeconds;
        char sign = s.charAt(i);
        if (sign == 'Z') {
            offsetSeconds = 0;
            i++;
        } else if (sign == '+' || sign == '-') {
            int oh = (int) Scan.digits(s, i + 1, Math.min(s.length(), i + 3));
            int om;
            if (i + 3 < s.length() && s.charAt(i + 3) == ':') {
                om = (int) Scan.digits(s, i + 4, Math.min(s.length(), i + 6));
                i += 6;
            } else if (allowBasicOffset) {
                om = (int) Scan.digits(s, i + 3, Math.min(s.length(), i + 5));
                i += 5;
            } else {
                return Optional.empty();
            }
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return Optional.empty();
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return Optional.empty();
        }
        if (i >= s.length() || s.charAt(i) != ' ') {
            return Optional.empty();
        }
        OptionalLong epoch = LocalTimes.epochSecond(y, mo, d, h, mi, sec, offsetSeconds);
        return epoch.isPresent() ? Optional.of(new LineStamp(Instant.ofEpochSecond(epoch.getAsLong(), nanos), i + 1))
                : Optional.empty();
    }

    /**
     * {@code HH:MM:SS[.fraction]} at {@code at}, followed by a space; in UTC or the configured zone.
     */
    private Optional<LineStamp> time(String s, int at, boolean allowFraction, boolean utc, int y, int mo, int d) {
        if (s.length() < at + 9 || s.charAt(at + 2) != ':' || s.charAt(at + 5) != ':') {
            return Optional.empty();
        }
        int h = (int) Scan.digits(s, at, at + 2);
        int mi = (int) Scan.digits(s, at + 3, at + 5);
        int sec = (int) Scan.digits(s, at + 6, at + 8);
        int i = at + 8;
        int nanos = 0;
        if (allowFraction && s.charAt(i) == '.') {
            int fracStart = ++i;
            while (Scan.isDigit(s, i)) {
                i++;
            }
            nanos = nanos(s, fracStart, i);
            if (nanos < 0) {
                return Optional.empty();
            }
        }
        if (i >= s.length() || s.charAt(i) != ' ') {
            return Optional.empty();
        }
        OptionalLong epoch = utc ? LocalTimes.epochSecond(y, mo, d, h, mi, sec, 0) : local.epochSecond(y, mo, d, h, mi, sec);
        return epoch.isPresent() ? Optional.of(new LineStamp(Instant.ofEpochSecond(epoch.getAsLong(), nanos), i + 1))
                : Optional.empty();
    }

    /** The fraction digits {@code s[from, to)} as nanoseconds (1-9 digits), or -1. */
    private static int nanos(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        long v = Scan.digits(s, from, to);
        for (int k = to - from; k < 9; k++) {
            v *= 10;
        }
        return (int) v;
    }
}
