package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.LogFormat;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Parses syslog files ({@code kern.log}, {@code messages}, {@code syslog}) with classic
 * {@code Nov 22 17:02:15} or RFC 3339 {@code 2026-11-22T17:02:15.123456+00:00} stamps; not
 * thread-safe (time conversion cache).
 *
 * <p>Userspace lines (systemd, earlyoom, sshd) are kept as records: later parsers look for
 * killers and supervisors among them. See {@link SyslogBody} for the origin rule.
 */
final class SyslogLineParser implements LineParser {
    private final SyslogStamps stamps;

    SyslogLineParser(ZoneId zone, int year) {
        this.stamps = new SyslogStamps(zone, year);
    }

    @Override
    public LogFormat format() {
        return LogFormat.SYSLOG;
    }

    @Override
    public LineResult parse(String line, long lineNumber) {
        Optional<SyslogStamps.LineStamp> stamp = Scan.isDigit(line, 0) ? stamps.iso(line, false) : stamps.classic(line, false);
        if (stamp.isEmpty()) {
            return LineResult.NOT_UNDERSTOOD;
        }
        return SyslogBody.parse(LogFormat.SYSLOG, lineNumber, line, stamp.get().end(), SyslogBody.received(stamp.get()),
                true, Optional.empty());
    }
}
