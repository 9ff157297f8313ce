package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.util.Map;
import java.util.Optional;

/**
 * Parses plain {@code dmesg} output, {@code [    1.346697] text}, optionally decorated by
 * {@code dmesg -x}; stateless, thread-safe.
 *
 * <p>Without {@code -x} the rendering drops the facility, so records are
 * {@link Origin#UNVERIFIED}: a line a process wrote into the kernel log looks the same.
 */
final class DmesgLineParser implements LineParser {
    @Override
    public LogFormat format() {
        return LogFormat.DMESG;
    }

    @Override
    public LineResult parse(String line, long lineNumber) {
        Optional<DmesgDecoration.Start> lineStart = DmesgDecoration.start(line);
        if (lineStart.isEmpty()) {
            return LineResult.NOT_UNDERSTOOD;
        }
        int start = lineStart.get().at();
        Provenance provenance = lineStart.get().provenance();
        long[] micros = new long[1];
        int textStart = monotonicPrefix(line, start, micros);
        if (textStart < 0) {
            return LineResult.NOT_UNDERSTOOD;
        }
        return new LineResult.Parsed(new KernelRecord(LogFormat.DMESG, lineNumber, Stamp.monotonic(micros[0]), provenance,
                line.substring(textStart), Map.of()));
    }

    /**
     * Reads {@code [ seconds.micros]} (exactly six fraction digits, as printk prints them) at
     * {@code at}; stores the microseconds in {@code out[0]} and returns where the text starts
     * (after one space, if any), or -1.
     */
    static int monotonicPrefix(String s, int at, long[] out) {
        if (at >= s.length() || s.charAt(at) != '[') {
            return -1;
        }
        int i = Scan.skipSpaces(s, at + 1);
        int dot = Scan.indexOf(s, '.', i, Math.min(s.length(), i + 13));
        if (dot < 0 || dot + 7 >= s.length() || s.charAt(dot + 7) != ']') {
            return -1;
        }
        long seconds = Scan.digits(s, i, dot);
        long fraction = Scan.digits(s, dot + 1, dot + 7);
        if (seconds < 0 || fraction < 0) {
            return -1;
        }
        out[0] = seconds * 1_000_000 + fraction;
        int textStart = dot + 8;
        if (textStart < s.length() && s.charAt(textStart) == ' ') {
            textStart++;
        }
        return textStart;
    }
}
