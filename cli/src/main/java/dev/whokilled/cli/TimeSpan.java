package dev.whokilled.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a time span as systemd.time(7) writes it: numbers with units, several summed
 * ({@code 1h 30min}, {@code 1h30m}, {@code 2 days 3h}), fractions ({@code 1.5h}), and a bare number
 * as seconds. Units are systemd's, case-sensitive where it is: {@code m} is a minute, {@code M} a
 * month of 30.44 days; a year is 365.25 days. Stateless.
 */
final class TimeSpan {
    private static final Pattern PART = Pattern.compile("\\s*(\\d{1,9}(?:\\.\\d{1,9})?)(?![\\d.])\\s*([a-zA-Zµμ]*)");
    private static final Duration MONTH = Duration.ofSeconds(2_629_800);
    private static final Duration YEAR = Duration.ofSeconds(31_557_600);
    private static final Map<String, Duration> UNITS = Map.ofEntries(
            Map.entry("usec", Duration.ofNanos(1_000)), Map.entry("us", Duration.ofNanos(1_000)),
            Map.entry("µs", Duration.ofNanos(1_000)), Map.entry("μs", Duration.ofNanos(1_000)),
            Map.entry("msec", Duration.ofMillis(1)), Map.entry("ms", Duration.ofMillis(1)),
            Map.entry("", Duration.ofSeconds(1)), Map.entry("s", Duration.ofSeconds(1)),
            Map.entry("sec", Duration.ofSeconds(1)), Map.entry("second", Duration.ofSeconds(1)),
            Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)), Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hr", Duration.ofHours(1)),
            Map.entry("hour", Duration.ofHours(1)), Map.entry("hours", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)),
            Map.entry("days", Duration.ofDays(1)),
            Map.entry("w", Duration.ofDays(7)), Map.entry("week", Duration.ofDays(7)),
            Map.entry("weeks", Duration.ofDays(7)),
            Map.entry("M", MONTH), Map.entry("month", MONTH), Map.entry("months", MONTH),
            Map.entry("y", YEAR), Map.entry("year", YEAR), Map.entry("years", YEAR));

    private TimeSpan() {
    }

    /** The span, or empty when any part of the text is not a number with a known unit. */
    static Optional<Duration> parse(String text) {
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        boolean any = false;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            Duration unit = unit(m.group(2));
            if (unit == null) {
                return Optional.empty();
            }
            try {
                BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit.toNanos()));
                total = total.plusNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
            any = true;
            at = m.end();
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
        return any ? Optional.of(total) : Optional.empty();
    }

    /** systemd's spelling first ({@code M} is a month), then any case ({@code 2H}). */
    private static Duration unit(String name) {
        Duration exact = UNITS.get(name);
        return exact != null ? exact : UNITS.get(name.toLowerCase(Locale.ROOT));
    }
}
