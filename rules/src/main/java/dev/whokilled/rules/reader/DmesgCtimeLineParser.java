package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses {@code dmesg -T} output, {@code [Sun Nov 22 17:00:53 2026] text}, optionally decorated by
 * {@code dmesg -x}; not thread-safe (time conversion cache).
 *
 * <p>dmesg computed the wall time from the kernel clock and its idea of the boot time, so it is
 * {@link TimeBasis#CONVERTED} (wrong by the time spent suspended or since a VM restore) and the
 * kernel's own stamp is lost. Without {@code -x} the origin is {@link Origin#UNVERIFIED}.
 */
final class DmesgCtimeLineParser implements LineParser {
    private final LocalTimes local;

    DmesgCtimeLineParser(ZoneId zone) {
        this.local = new LocalTimes(zone);
    }

    @Override
    public LogFormat format() {
        return LogFormat.DMESG_CTIME;
    }

    @Override
    public LineResult parse(String line, long lineNumber) {
        Optional<DmesgDecoration.Start> lineStart = DmesgDecoration.start(line);
        if (lineStart.isEmpty()) {
            return LineResult.NOT_UNDERSTOOD;
        }
        int at = lineStart.get().at();
        Provenance provenance = lineStart.get().provenance();
        // "[Www Mmm dd HH:MM:SS YYYY]", the day space-padded (strftime %e).
        if (line.length() < at + 26 || line.charAt(at) != '[' || line.charAt(at + 4) != ' ' || line.charAt(at + 8) != ' '
                || line.charAt(at + 11) != ' ' || line.charAt(at + 14) != ':' || line.charAt(at + 17) != ':'
                || line.charAt(at + 20) != ' ' || line.charAt(at + 25) != ']') {
            return LineResult.NOT_UNDERSTOOD;
        }
        int month = Scan.month(line, at + 5);
        int day = (int) (line.charAt(at + 9) == ' ' ? Scan.digits(line, at + 10, at + 11) : Scan.digits(line, at + 9, at + 11));
        int hour = (int) Scan.digits(line, at + 12, at + 14);
        int minute = (int) Scan.digits(line, at + 15, at + 17);
        int second = (int) Scan.digits(line, at + 18, at + 20);
        int year = (int) Scan.digits(line, at + 21, at + 25);
        OptionalLong epoch = local.epochSecond(year, month, day, hour, minute, second);
        if (epoch.isEmpty()) {
            return LineResult.NOT_UNDERSTOOD;
        }
        int textStart = at + 26;
        if (textStart < line.length() && line.charAt(textStart) == ' ') {
            textStart++;
        }
        WallTime converted = new WallTime(Instant.ofEpochSecond(epoch.getAsLong()), TimeBasis.CONVERTED);
        Stamp stamp = new Stamp(OptionalLong.empty(), OptionalLong.empty(), Optional.of(converted), Optional.empty());
        return new LineResult.Parsed(new KernelRecord(LogFormat.DMESG_CTIME, lineNumber, stamp, provenance,
                line.substring(textStart), Map.of()));
    }
}
