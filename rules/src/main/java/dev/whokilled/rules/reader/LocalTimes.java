package dev.whokilled.rules.reader;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.OptionalLong;

/**
 * Converts local calendar fields to epoch seconds in one zone, remembering the last minute it
 * converted; not thread-safe (one per parser).
 *
 * <p>The cache matters on the hot path: consecutive log lines mostly share a minute, and a
 * {@link ZonedDateTime} per line is the dominant cost of parsing a syslog line. Zone offsets
 * change on minute boundaries in all current tz data, so a minute's offset is its seconds' too.
 * A local time that falls into a DST gap moves forward, one in an overlap takes the earlier
 * offset (java.time's rules), since the rendering cannot tell which was meant.
 */
final class LocalTimes {
    private final ZoneId zone;
    private long cachedMinuteKey = Long.MIN_VALUE;
    private long cachedMinuteEpochSecond;

    LocalTimes(ZoneId zone) {
        this.zone = zone;
    }

    /** Epoch second of the local time, or empty if the fields are not a date and time. */
    OptionalLong epochSecond(int year, int month, int day, int hour, int minute, int second) {
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59
                || year < 0 || hour < 0 || minute < 0 || second < 0) {
            return OptionalLong.empty();
        }
        long key = ((((long) year * 13 + month) * 32 + day) * 24 + hour) * 60 + minute;
        if (key != cachedMinuteKey) {
            try {
                cachedMinuteEpochSecond = ZonedDateTime.of(LocalDateTime.of(year, month, day, hour, minute), zone)
                        .toEpochSecond();
            } catch (DateTimeException e) {
                return OptionalLong.empty(); // 31 November and friends
            }
            cachedMinuteKey = key;
        }
        return OptionalLong.of(cachedMinuteEpochSecond + second);
    }

    /** Epoch second of a time with an explicit UTC offset, or empty if the fields are not a date and time. */
    static OptionalLong epochSecond(int year, int month, int day, int hour, int minute, int second, int offsetSeconds) {
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return OptionalLong.empty();
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return OptionalLong.of(days * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds);
        } catch (DateTimeException e) {
            return OptionalLong.empty();
        }
    }
}
