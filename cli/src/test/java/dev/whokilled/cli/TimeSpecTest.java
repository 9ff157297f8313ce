package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecTest {
    private static final TimeSpec SPEC = new TimeSpec(Clock.fixed(Instant.parse("2026-11-22T17:30:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({
        "now, 2026-11-22T17:30:00Z",
        "today, 2026-11-22T00:00:00Z",
        "yesterday, 2026-11-21T00:00:00Z",
        "2h ago, 2026-11-22T15:30:00Z",
        "2 hours ago, 2026-11-22T15:30:00Z",
        "2 Hours Ago, 2026-11-22T15:30:00Z",
        "30min ago, 2026-11-22T17:00:00Z",
        "-1h, 2026-11-22T16:30:00Z",
        "-2 days, 2026-11-20T17:30:00Z",
        "@1795367008, 2026-11-22T17:03:28Z",
        "2026-11-22T03:12:00Z, 2026-11-22T03:12:00Z",
        "2026-11-22T03:12:00+02:00, 2026-11-22T01:12:00Z",
        "2026-11-22 03:12, 2026-11-22T03:12:00Z",
        "2026-11-22 03:12:09, 2026-11-22T03:12:09Z",
        "2026-11-22, 2026-11-22T00:00:00Z",
        "2026-11-22T03:12, 2026-11-22T03:12:00Z",
        // systemd.time(7) forms
        "tomorrow, 2026-11-23T00:00:00Z",
        "epoch, 1970-01-01T00:00:00Z",
        "@1795367008.25, 2026-11-22T17:03:28.250Z",
        "1h 30min ago, 2026-11-22T16:00:00Z",
        "-1h30m, 2026-11-22T16:00:00Z",
        "-1h 30min, 2026-11-22T16:00:00Z",
        "1.5h ago, 2026-11-22T16:00:00Z",
        "+1h, 2026-11-22T18:30:00Z",
        "2h left, 2026-11-22T19:30:00Z",
        "-90, 2026-11-22T17:28:30Z",
        "-500ms, 2026-11-22T17:29:59.500Z",
        "-250000us, 2026-11-22T17:29:59.750Z",
        "-250000 usec, 2026-11-22T17:29:59.750Z",
        "-1M, 2026-10-23T07:00:00Z",
        "1 month ago, 2026-10-23T07:00:00Z",
        "-1y, 2025-11-22T11:30:00Z",
        "2 years ago, 2024-11-22T05:30:00Z",
        "1w 2d ago, 2026-11-13T17:30:00Z",
        "03:12, 2026-11-22T03:12:00Z",
        "3:12:09, 2026-11-22T03:12:09Z",
        "2026-11-22 03:12:09.123456, 2026-11-22T03:12:09.123456Z",
        "Sun 2026-11-22 03:12, 2026-11-22T03:12:00Z",
        "sunday 2026-11-22, 2026-11-22T00:00:00Z",
        "2026-11-22 03:12 UTC, 2026-11-22T03:12:00Z",
        "2026-11-22 03:12:00 Europe/Berlin, 2026-11-22T02:12:00Z",
        "2026-11-22 03:12+02:00, 2026-11-22T01:12:00Z",
        "2026-11-22 03:12 -0500, 2026-11-22T08:12:00Z",
        "today UTC, 2026-11-22T00:00:00Z",
    })
    void parse_acceptedForms_giveInstant(String text, String expected) {
        assertEquals(Instant.parse(expected), SPEC.parse("--since", text));
    }

    @Test
    void parse_localTimeWithoutZone_isInTheClocksZone() {
        TimeSpec berlin = new TimeSpec(Clock.fixed(Instant.parse("2026-11-22T17:30:00Z"), java.time.ZoneId.of("Europe/Berlin")));
        assertEquals(Instant.parse("2026-11-21T23:00:00Z"), berlin.parse("--since", "today"));
        assertEquals(Instant.parse("2026-11-22T02:12:00Z"), berlin.parse("--since", "2026-11-22 03:12"));
        assertEquals(Instant.parse("2026-11-22T03:12:00Z"), berlin.parse("--since", "2026-11-22 03:12 UTC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "2 fortnights ago", "@x", "2026-13-01", "-99999999999h",
        "Mon 2026-11-22", "2026-11-22 03:12 Mars/Olympus", "1h ago ago", "+", "-h", "25:00", "999999999 years ago"})
    void parse_garbage_isUsageErrorNamingTheOption(String text) {
        CliException e = assertThrows(CliException.class, () -> SPEC.parse("--since", text));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals(true, e.getMessage().startsWith("--since: cannot read the time '" + text + "'"));
    }
}
