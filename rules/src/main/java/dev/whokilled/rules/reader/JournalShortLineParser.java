package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.LogFormat;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Parses {@code journalctl -o short}, {@code short-precise}, {@code short-iso},
 * {@code short-iso-precise} and {@code short-full}; not thread-safe (it remembers the last boot
 * marker, and caches time conversions).
 *
 * <p>journalctl's {@code -- … --} marker lines carry no record; a {@code -- Boot ID --} marker
 * (printed when the boot changes) gives the boot id of the lines after it. The wall time is
 * journald's reception time, which for kernel records imported late (journald started after the
 * event) is the import time, not the event time: {@code -o json} keeps what is needed to correct it.
 */
final class JournalShortLineParser implements LineParser {
    private static final String BOOT_MARKER = "-- Boot ";

    private final SyslogStamps stamps;
    private Optional<String> bootId = Optional.empty();

    JournalShortLineParser(ZoneId zone, int year) {
        this.stamps = new SyslogStamps(zone, year);
    }

    @Override
    public LogFormat format() {
        return LogFormat.JOURNAL_SHORT;
    }

    @Override
    public LineResult parse(String line, long lineNumber) {
        if (line.startsWith("-- ") && line.endsWith(" --")) {
            if (line.startsWith(BOOT_MARKER) && line.length() == BOOT_MARKER.length() + 32 + 3) {
                bootId = Optional.of(line.substring(BOOT_MARKER.length(), BOOT_MARKER.length() + 32));
            }
            return LineResult.MARKER;
        }
        Optional<SyslogStamps.LineStamp> stamp;
        if (Scan.isDigit(line, 0)) {
            stamp = stamps.iso(line, true);
        } else if (Scan.month(line, 0) > 0 && line.length() > 3 && line.charAt(3) == ' ') {
            stamp = stamps.classic(line, true);
        } else {
            stamp = stamps.full(line);
        }
        if (stamp.isEmpty()) {
            return LineResult.NOT_UNDERSTOOD;
        }
        return SyslogBody.parse(LogFormat.JOURNAL_SHORT, lineNumber, line, stamp.get().end(),
                SyslogBody.received(stamp.get()), false, bootId);
    }
}
