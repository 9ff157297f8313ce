package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The part of a syslog or {@code journalctl -o short} line after the stamp,
 * {@code host ident[pid]: message}, turned into a record; stateless, thread-safe.
 *
 * <p>Origin: the ident {@code kernel} is {@link Origin#UNVERIFIED}, because any process may call
 * {@code syslog()} as "kernel" and these renderings drop the facility; any other ident, or none,
 * is {@link Origin#USERSPACE}. The wall time is when the logger received the line.
 */
final class SyslogBody {
    private SyslogBody() {
    }

    /**
     * @param bodyStart index of the host name
     * @param kernelMonotonic whether a kernel message may start with the printk stamp
     *     {@code [   83.666595] } (rsyslog's imklog copies it from {@code /proc/kmsg})
     */
    static LineResult parse(LogFormat format, long lineNumber, String line, int bodyStart, WallTime received,
                            boolean kernelMonotonic, Optional<String> bootId) {
        int hostEnd = Scan.indexOf(line, ' ', bodyStart, line.length());
        if (hostEnd <= bodyStart) {
            return LineResult.NOT_UNDERSTOOD;
        }
        Optional<SyslogTag> tag = SyslogTag.parse(line, hostEnd + 1);
        OptionalLong monotonic = OptionalLong.empty();
        Provenance provenance;
        int messageStart;
        if (tag.isEmpty()) {
            provenance = Provenance.of(Origin.USERSPACE);
            messageStart = hostEnd + 1;
        } else {
            boolean kernel = tag.get().identifier().equals("kernel");
            provenance = new Provenance(kernel ? Origin.UNVERIFIED : Origin.USERSPACE, OptionalInt.empty(),
                    OptionalInt.empty(), Optional.of(tag.get().identifier()), tag.get().pid());
            messageStart = tag.get().messageStart();
            if (kernel && kernelMonotonic) {
                long[] micros = new long[1];
                int textStart = DmesgLineParser.monotonicPrefix(line, messageStart, micros);
                if (textStart >= 0) {
                    monotonic = OptionalLong.of(micros[0]);
                    messageStart = textStart;
                }
            }
        }
        Stamp stamp = new Stamp(OptionalLong.empty(), monotonic, Optional.of(received), bootId);
        return new LineResult.Parsed(new KernelRecord(format, lineNumber, stamp, provenance,
                line.substring(Math.min(messageStart, line.length())), Map.of()));
    }

    static WallTime received(SyslogStamps.LineStamp stamp) {
        return new WallTime(stamp.instant(), TimeBasis.RECEIVED);
    }
}
