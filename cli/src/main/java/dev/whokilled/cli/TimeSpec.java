package dev.whokilled.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time arguments of {@code --since}/{@code --until}: ISO-8601 ({@code 2026-11-22T03:12:00Z},
 * {@code 2026-11-22 03:12}, {@code 2026-11-22}), {@code now}, {@code today}, {@code yesterday},
 * {@code @1795367008} (epoch seconds), and relative forms ({@code 2h ago}, {@code 30 min ago},
 * {@code -1h}, {@code 2 days ago}). Times without a zone are local. Immutable and thread-safe.
 */
final class TimeSpec {
    private static final Pattern RELATIVE = Pattern.compile(
            "^(?:-\\s*(\\d+)\\s*([a-z]+)|(\\d+)\\s*([a-z]+)\\s+ago)$");
    private static final Map<String, Duration> UNITS = Map.ofEntries(
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)),
            Map.entry("second", Duration.ofSeconds(1)), Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)), Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hr", Duration.ofHours(1)),
            Map.entry("hour", Duration.ofHours(1)), Map.entry("hours", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)),
            Map.entry("days", Duration.ofDays(1)),
            Map.entry("w", Duration.ofDays(7)), Map.entry("week", Duration.ofDays(7)),
            Map.entry("weeks", Duration.ofDays(7)));
    private static final DateTimeFormatter SPACE_SEPARATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private final Clock clock;

    TimeSpec(Clock clock) {
        this.clock = clock;
    }

    /** The instant the text names, or a usage error that says which forms are accepted. */
    Instant parse(String option, String text) {
        return tryParse(text.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> CliException.usage(
                option + ": cannot read the time '" + text + "'; use ISO-8601 (2026-11-22T03:12:00Z, 2026-11-22 03:12),"
                        + " 'today', 'yesterday', 'now', '@EPOCH' or a relative time ('2h ago', '-30min')"));
    }

    private Optional<Instant> tryParse(String t) {
        ZoneId zone = clock.getZone();
        switch (t) {
            case "now":
                return Optional.of(clock.instant());
            case "today":
                return Optional.of(LocalDate.now(clock).atStartOfDay(zone).toInstant());
            case "yesterday":
                return Optional.of(LocalDate.now(clock).minusDays(1).atStartOfDay(zone).toInstant());
            default:
                break;
        }
        if (t.startsWith("@")) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(t.substring(1))));
            } catch (NumberFormatException | DateTimeException e) {
                return Optional.empty();
            }
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            String amount = m.group(1) != null ? m.group(1) : m.group(3);
            Duration unit = UNITS.get(m.group(2) != null ? m.group(2) : m.group(4));
            if (unit == null || amount.length() > 9) {
                return Optional.empty();
            }
            return Optional.of(clock.instant().minus(unit.multipliedBy(Long.parseLong(amount))));
        }
        return absolute(t.toUpperCase(Locale.ROOT), zone);
    }

    private static Optional<Instant> absolute(String t, ZoneId zone) {
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException ignored) {
            // not with an offset; try the local forms
        }
        try {
            return Optional.of(LocalDateTime.parse(t).atZone(zone).toInstant());
        } catch (DateTimeParseException ignored) {
            // not ISO local date-time
        }
        try {
            return Optional.of(ZonedDateTime.of(LocalDateTime.parse(t, SPACE_SEPARATED), zone).toInstant());
        } catch (DateTimeParseException ignored) {
            // not "yyyy-MM-dd HH:mm"
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
