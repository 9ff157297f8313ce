package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses {@code journalctl -o json}, one entry object per line; not thread-safe (reuses its
 * JSON parser).
 *
 * <p>Origin: {@link Origin#KERNEL} only for {@code _TRANSPORT=kernel} with {@code SYSLOG_FACILITY}
 * 0 or absent. journald imports lines processes wrote to {@code /dev/kmsg} through the kernel
 * transport too, keeping their userspace facility (systemd-journald's own "Received SIGTERM"
 * line has facility 5), so the transport alone proves nothing.
 *
 * <p>Time: {@code __REALTIME_TIMESTAMP} is when journald received the entry. For a kernel record
 * imported late (journald started after the event) that is the import time; when the entry also
 * has the kernel's own stamp ({@code _SOURCE_MONOTONIC_TIMESTAMP}) and journald's monotonic time
 * of receipt ({@code __MONOTONIC_TIMESTAMP}, same boot), the delay between them is subtracted
 * ({@link TimeBasis#CORRECTED}).
 *
 * <p>An entry without {@code MESSAGE} (or with {@code null}: above journald's size threshold,
 * read without {@code --all}) is not understood: there is no text to reason about.
 */
final class JournalJsonLineParser implements LineParser {
    /** Fields copied into the record's context, renamed where kmsg has a name for them. */
    private static final Map<String, String> CONTEXT_FIELDS = Map.of(
            "__CURSOR", "__CURSOR",
            "_TRANSPORT", "_TRANSPORT",
            "_KERNEL_SUBSYSTEM", "SUBSYSTEM",
            "_KERNEL_DEVICE", "DEVICE",
            "_SYSTEMD_UNIT", "_SYSTEMD_UNIT",
            "UNIT", "UNIT");

    private final JsonObjectParser json = new JsonObjectParser();
    private final boolean receiptStandsInForKernelClock;

    /** For files: the kernel clock only where the kernel stamped the entry. */
    JournalJsonLineParser() {
        this(false);
    }

    /**
     * @param receiptStandsInForKernelClock for live readers ({@link JournalRecords}): an entry without
     *     {@code _SOURCE_MONOTONIC_TIMESTAMP} takes journald's monotonic time of receipt instead
     */
    JournalJsonLineParser(boolean receiptStandsInForKernelClock) {
        this.receiptStandsInForKernelClock = receiptStandsInForKernelClock;
    }

    @Override
    public LogFormat format() {
        return LogFormat.JOURNAL_JSON;
    }

    @Override
    public LineResult parse(String line, long lineNumber) {
        if (line.charAt(0) != '{') {
            return LineResult.NOT_UNDERSTOOD;
        }
        Optional<Map<String, String>> parsed = json.parse(line);
        if (parsed.isEmpty() || !parsed.get().containsKey("MESSAGE")) {
            return LineResult.NOT_UNDERSTOOD;
        }
        Map<String, String> f = parsed.get();
        OptionalInt facility = smallInt(f.get("SYSLOG_FACILITY"), 1023);
        OptionalInt level = smallInt(f.get("PRIORITY"), 7);
        boolean kernel = "kernel".equals(f.get("_TRANSPORT"))
                && (facility.isEmpty() && !f.containsKey("SYSLOG_FACILITY") || facility.isPresent() && facility.getAsInt() == 0);
        // _PID is the sender's credential as the kernel reported it to journald; SYSLOG_PID is what the sender claimed.
        OptionalInt pid = smallInt(f.get("_PID"), Integer.MAX_VALUE);
        if (pid.isEmpty()) {
            pid = smallInt(f.get("SYSLOG_PID"), Integer.MAX_VALUE);
        }
        Provenance provenance = new Provenance(kernel ? Origin.KERNEL : Origin.USERSPACE, facility, level,
                Optional.ofNullable(f.get("SYSLOG_IDENTIFIER")), pid);

        OptionalLong source = micros(f.get("_SOURCE_MONOTONIC_TIMESTAMP"));
        OptionalLong monotonic = source.isEmpty() && receiptStandsInForKernelClock
                ? micros(f.get("__MONOTONIC_TIMESTAMP")) : source;
        Stamp stamp = new Stamp(OptionalLong.empty(), monotonic, wallTime(f, source), Optional.ofNullable(f.get("_BOOT_ID")));
        Map<String, String> context = new HashMap<>();
        CONTEXT_FIELDS.forEach((field, key) -> {
            String v = f.get(field);
            if (v != null) {
                context.put(key, v);
            }
        });
        return new LineResult.Parsed(new KernelRecord(LogFormat.JOURNAL_JSON, lineNumber, stamp, provenance,
                f.get("MESSAGE"), context));
    }

    private static Optional<WallTime> wallTime(Map<String, String> f, OptionalLong source) {
        OptionalLong realtime = micros(f.get("__REALTIME_TIMESTAMP"));
        if (realtime.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong received = micros(f.get("__MONOTONIC_TIMESTAMP"));
        long wall = realtime.getAsLong();
        TimeBasis basis = TimeBasis.RECEIVED;
        // A negative delay would mean the record came from the future: do not "correct" with it.
        if (source.isPresent() && received.isPresent() && received.getAsLong() >= source.getAsLong()) {
            wall -= received.getAsLong() - source.getAsLong();
            basis = TimeBasis.CORRECTED;
        }
        return Optional.of(new WallTime(Instant.EPOCH.plus(wall, ChronoUnit.MICROS), basis));
    }

    private static OptionalLong micros(String v) {
        long n = v == null ? -1 : Scan.digits(v, 0, v.length());
        return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
    }

    private static OptionalInt smallInt(String v, int max) {
        long n = v == null || v.length() > 10 ? -1 : Scan.digits(v, 0, v.length());
        return n < 0 || n > max ? OptionalInt.empty() : OptionalInt.of((int) n);
    }
}
