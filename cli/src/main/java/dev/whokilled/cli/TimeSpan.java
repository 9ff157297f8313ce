package dev.whokilled.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    private static final Map<String, Duration> UNITS = Stream.of(
            unit(Duration.ofNanos(1_000), "usec", "us", "µs", "μs"),
            unit(Duration.ofMillis(1), "msec", "ms"),
            unit(Duration.ofSeconds(1), "", "s", "sec", "second", "seconds"),
            unit(Duration.ofMinutes(1), "m", "min", "minute", "minutes"),
            unit(Duration.ofHours(1), "h", "hr", "hour", "hours"),
            unit(Duration.ofDays(1), "d", "day", "days"),
            unit(Duration.ofDays(7), "w", "week", "weeks"),
            unit(MONTH, "M", "month", "months"),
            unit(YEAR, "y", "year", "years"))
            .flatMap(m -> m.entrySet().stream())
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

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

    private static Map<String, Duration> unit(Duration length, String... names) {
        return Stream.of(names).collect(Collectors.toMap(n -> n, n -> length));
    }

    /** systemd's spelling first ({@code M} is a month), then any case ({@code 2H}). */
    private static Duration unit(String name) {
        Duration exact = UNITS.get(name);
        return exact != null ? exact : UNITS.get(name.toLowerCase(Locale.ROOT));
    }
}
