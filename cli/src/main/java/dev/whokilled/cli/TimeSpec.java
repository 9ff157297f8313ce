package dev.whokilled.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time arguments of {@code --since}/{@code --until} in the forms of systemd.time(7), as
 * journalctl does, and ISO-8601:
 * <ul>
 *   <li>{@code now}, {@code today}, {@code yesterday}, {@code tomorrow}, {@code epoch};
 *   <li>{@code @1795367008} (epoch seconds, fractions allowed);
 *   <li>relative: {@code -1h}, {@code 2 hours ago}, {@code -1h30m}, {@code 1h 30min ago}, and into
 *       the future {@code +3h}, {@code 3h left} (units: {@link TimeSpan});
 *   <li>absolute: {@code 2026-11-22T03:12:00Z}, {@code 2026-11-22 03:12[:00[.000001]]},
 *       {@code 2026-11-22}, {@code 03:12} (today), with an optional weekday in front that must
 *       match ({@code Sun 2026-11-22 03:12}) and an optional zone after ({@code UTC},
 *       {@code Europe/Berlin}, {@code +02:00}).
 * </ul>
 * Times without a zone are in the clock's zone. Immutable and thread-safe.
 */
final class TimeSpec {
    private static final Pattern RELATIVE = Pattern.compile("^(?:([+-])\\s*(.+)|(.+?)\\s+(ago|left))$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_ZONE = Pattern.compile("^(.+?)\\s+(UTC|GMT|Z|[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OFFSET = Pattern.compile("^(.*\\d:\\d\\d(?:\\.\\d+)?)\\s*([+-]\\d\\d:?\\d\\d)$");
    private static final Pattern WEEKDAY = Pattern.compile("^([a-z]+)\\s+(.+)$");
    private static final Pattern DATE_TIME = Pattern.compile(
            "^(?:(\\d{4}-\\d\\d-\\d\\d))?(?:(?:^|[ t])(\\d{1,2}:\\d\\d(?::\\d\\d(?:\\.\\d{1,9})?)?))?$");

    private final Clock clock;

    TimeSpec(Clock clock) {
        this.clock = clock;
    }

    /** The instant the text names, or a usage error that says which forms are accepted. */
    Instant parse(String option, String text) {
        return tryParse(text.strip()).orElseThrow(() -> CliException.usage(
                option + ": cannot read the time '" + text + "'; use ISO-8601 (2026-11-22T03:12:00Z, 2026-11-22 03:12"
                        + " UTC), 'today', 'yesterday', 'now', '@EPOCH' or a relative time ('2h ago', '-1h30m', '+1d')"));
    }

    private Optional<Instant> tryParse(String t) {
        Optional<Instant> word = word(t.toLowerCase(Locale.ROOT), clock.getZone());
        if (word.isPresent() || t.isEmpty()) {
            return word;
        }
        if (t.startsWith("@")) {
            return epoch(t.substring(1));
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            boolean future = "+".equals(m.group(1)) || "left".equalsIgnoreCase(m.group(4));
            Optional<Duration> span = TimeSpan.parse(m.group(2) != null ? m.group(2) : m.group(3));
            try {
                return span.map(d -> future ? clock.instant().plus(d) : clock.instant().minus(d));
            } catch (DateTimeException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        return absolute(t);
    }

    /** The words systemd.time(7) names, in {@code zone}: day words are midnight. */
    private Optional<Instant> word(String t, ZoneId zone) {
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        return switch (t) {
            case "now" -> Optional.of(clock.instant());
            case "epoch" -> Optional.of(Instant.EPOCH);
            case "today" -> Optional.of(today.atStartOfDay(zone).toInstant());
            case "yesterday" -> Optional.of(today.minusDays(1).atStartOfDay(zone).toInstant());
            case "tomorrow" -> Optional.of(today.plusDays(1).atStartOfDay(zone).toInstant());
            default -> Optional.empty();
        };
    }

    private static Optional<Instant> epoch(String seconds) {
        try {
            BigDecimal s = new BigDecimal(seconds);
            BigDecimal whole = s.setScale(0, RoundingMode.FLOOR);
            return Optional.of(Instant.ofEpochSecond(whole.longValueExact(), s.subtract(whole).movePointRight(9).intValue()));
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Instant> absolute(String t) {
        try {
            return Optional.of(OffsetDateTime.parse(t.toUpperCase(Locale.ROOT)).toInstant());
        } catch (DateTimeParseException notIsoWithOffset) {
            // the systemd forms below
        }
        ZoneId zone = clock.getZone();
        String rest = t;
        try {
            Matcher named = NAMED_ZONE.matcher(t);
            Matcher offset = OFFSET.matcher(t);
            if (named.matches()) {
                zone = named.group(2).equalsIgnoreCase("UTC") || named.group(2).equalsIgnoreCase("Z")
                        ? ZoneOffset.UTC : ZoneId.of(named.group(2));
                rest = named.group(1);
            } else if (offset.matches()) {
                zone = ZoneOffset.of(offset.group(2));
                rest = offset.group(1);
            }
        } catch (DateTimeException unknownZone) {
            return Optional.empty();
        }
        return local(rest.toLowerCase(Locale.ROOT), zone);
    }

    /** A date and/or time of day in {@code zone}, maybe after a weekday that must match the date. */
    private Optional<Instant> local(String t, ZoneId zone) {
        Optional<Instant> word = word(t, zone);
        if (word.isPresent()) {
            return word;
        }
        Optional<DayOfWeek> weekday = Optional.empty();
        Matcher w = WEEKDAY.matcher(t);
        if (w.matches()) {
            weekday = weekday(w.group(1));
            if (weekday.isEmpty()) {
                return Optional.empty();
            }
            t = w.group(2);
        }
        Matcher m = DATE_TIME.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = m.group(1) != null ? LocalDate.parse(m.group(1)) : clock.instant().atZone(zone).toLocalDate();
            LocalTime time = m.group(2) != null ? LocalTime.parse(m.group(2).charAt(1) == ':' ? "0" + m.group(2) : m.group(2)) : LocalTime.MIDNIGHT;
            if (weekday.isPresent() && date.getDayOfWeek() != weekday.get()) {
                return Optional.empty();
            }
            return Optional.of(date.atTime(time).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code mon}, {@code monday}, ... as systemd accepts them. */
    private static Optional<DayOfWeek> weekday(String word) {
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (word.equals(full) || word.equals(full.substring(0, 3))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
