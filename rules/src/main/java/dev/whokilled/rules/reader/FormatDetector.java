package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.LogFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tells which rendering a sample of lines is in: the format whose parser understands the most
 * lines wins; stateless, thread-safe.
 *
 * <p>Ties go to the earlier format in {@link #ORDER}. One tie is real: {@code journalctl -o short}
 * and a classic syslog file print the same line shape, and without a {@code -- Boot … --} marker or
 * a {@code short-precise}/{@code short-iso} stamp nothing tells them apart. We call that
 * {@link LogFormat#SYSLOG}; the records are the same either way, only their format label differs.
 */
final class FormatDetector {
    /** Most specific first. */
    static final List<LogFormat> ORDER = List.of(LogFormat.KMSG, LogFormat.JOURNAL_JSON, LogFormat.DMESG_RAW,
            LogFormat.DMESG_CTIME, LogFormat.DMESG, LogFormat.SYSLOG, LogFormat.JOURNAL_SHORT);

    private FormatDetector() {
    }

    /**
     * The format of the non-empty sample lines, if one parser understands at least a quarter of
     * them (so a stray matching line in a file of something else does not decide). A lower bar
     * would turn an unknown file into a stream of "not understood" counts instead of a clear error.
     */
    static Optional<LogFormat> detect(List<String> sample, ReaderOptions options) {
        LogFormat best = null;
        int bestCount = 0;
        for (LogFormat format : ORDER) {
            LineParser parser = LineParser.forFormat(format, options);
            int count = 0;
            long n = 0;
            for (String line : sample) {
                if (!(parser.parse(line, ++n) instanceof LineResult.NotUnderstood)) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = format;
                bestCount = count;
            }
        }
        return bestCount > 0 && bestCount * 4 >= sample.size() ? Optional.of(best) : Optional.empty();
    }
}
