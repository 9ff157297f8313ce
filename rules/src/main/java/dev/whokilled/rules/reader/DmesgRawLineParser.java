package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses {@code dmesg -r} output, {@code <N>[    1.346697] text}; stateless, thread-safe.
 *
 * <p>util-linux 2.38 prints {@code N} as {@code LOG_MAKEPRI(facility, level)} with an unshifted
 * facility, i.e. {@code facility | level}: journald's own line (facility 5, level 6, kmsg prio
 * 46) comes out as {@code <7>}. So the number is ambiguous:
 * <ul>
 *   <li>{@code N < 8}: facility 0 with level N, or a userspace facility 1-7 OR-ed into the level.
 *       Origin {@link Origin#UNVERIFIED}; the level is reported as N, which is right exactly when
 *       the kernel wrote the line, the same hedge the origin carries. Facility unknown.</li>
 *   <li>{@code N >= 8}: a facility of 8 or more (or, from a dmesg that encodes correctly, any
 *       non-zero facility), so certainly not the kernel: {@link Origin#USERSPACE}. The bits are
 *       mixed, so neither facility nor level is reported.</li>
 * </ul>
 */
final class DmesgRawLineParser implements LineParser {
    @Override
    public LogFormat format() {
        return LogFormat.DMESG_RAW;
    }

    @Override
    public LineResult parse(String line, long lineNumber) {
        if (line.charAt(0) != '<') {
            return LineResult.NOT_UNDERSTOOD;
        }
        int close = Scan.indexOf(line, '>', 1, Math.min(line.length(), 6));
        long n = close < 0 ? -1 : Scan.digits(line, 1, close);
        if (n < 0) {
            return LineResult.NOT_UNDERSTOOD;
        }
        long[] micros = new long[1];
        int textStart = DmesgLineParser.monotonicPrefix(line, close + 1, micros);
        if (textStart < 0) {
            return LineResult.NOT_UNDERSTOOD;
        }
        Provenance provenance = n < 8
                ? new Provenance(Origin.UNVERIFIED, OptionalInt.empty(), OptionalInt.of((int) n), Optional.empty(),
                        OptionalInt.empty())
                : Provenance.of(Origin.USERSPACE);
        return new LineResult.Parsed(new KernelRecord(LogFormat.DMESG_RAW, lineNumber, Stamp.monotonic(micros[0]),
                provenance, line.substring(textStart), Map.of()));
    }
}
