package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
    })
    void parse_acceptedForms_giveInstant(String text, String expected) {
        assertEquals(Instant.parse(expected), SPEC.parse("--since", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "2 fortnights ago", "@x", "2026-13-01", "-99999999999h"})
    void parse_garbage_isUsageErrorNamingTheOption(String text) {
        CliException e = assertThrows(CliException.class, () -> SPEC.parse("--since", text));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals(true, e.getMessage().startsWith("--since: cannot read the time '" + text + "'"));
    }
}
