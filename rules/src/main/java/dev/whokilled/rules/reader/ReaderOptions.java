package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.LogFormat;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a kernel log: an optional forced format, what the rendering leaves out (zone, year),
 * a bound on line length and a prefilter. Immutable.
 *
 * @param forcedFormat skip detection and read as this format
 * @param zone zone of renderings that print local time without an offset (classic syslog,
 *     {@code journalctl -o short}, {@code dmesg -T})
 * @param yearForClassicSyslog year of classic syslog stamps ({@code Nov 22 17:02:15} has none);
 *     a log that crosses New Year gets the same year throughout
 * @param maxLineBytes longer lines are cut to this many bytes, counted, and the rest skipped
 * @param prefilter consulted on each line's raw bytes before decoding
 */
public record ReaderOptions(Optional<LogFormat> forcedFormat, ZoneId zone, int yearForClassicSyslog, int maxLineBytes,
                            LinePrefilter prefilter) {
    /** 64 KiB: far above any kernel record (the kernel formats into 1 KiB or 8 KiB), low enough to bound memory. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** The smallest bound that still leaves room for any rendering's prefix. */
    public static final int MIN_MAX_LINE_BYTES = 256;
    /** 64 MiB: the line buffer is twice this, so larger values would make memory use a surprise. */
    public static final int MAX_MAX_LINE_BYTES = 64 * 1024 * 1024;

    public ReaderOptions {
        Objects.requireNonNull(forcedFormat, "forcedFormat");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(prefilter, "prefilter");
        if (yearForClassicSyslog < 1970 || yearForClassicSyslog > 9999) {
            throw new IllegalArgumentException("yearForClassicSyslog must be 1970-9999: " + yearForClassicSyslog);
        }
        if (maxLineBytes < MIN_MAX_LINE_BYTES || maxLineBytes > MAX_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be " + MIN_MAX_LINE_BYTES + "-" + MAX_MAX_LINE_BYTES
                    + ": " + maxLineBytes);
        }
    }

    /** Detect the format, 64 KiB lines, keep every line. */
    public static ReaderOptions defaults(ZoneId zone, int yearForClassicSyslog) {
        return new ReaderOptions(Optional.empty(), zone, yearForClassicSyslog, DEFAULT_MAX_LINE_BYTES, LinePrefilter.KEEP_ALL);
    }

    public ReaderOptions withForcedFormat(LogFormat format) {
        return new ReaderOptions(Optional.of(format), zone, yearForClassicSyslog, maxLineBytes, prefilter);
    }

    public ReaderOptions withMaxLineBytes(int bytes) {
        return new ReaderOptions(forcedFormat, zone, yearForClassicSyslog, bytes, prefilter);
    }

    public ReaderOptions withPrefilter(LinePrefilter filter) {
        return new ReaderOptions(forcedFormat, zone, yearForClassicSyslog, maxLineBytes, filter);
    }
}
