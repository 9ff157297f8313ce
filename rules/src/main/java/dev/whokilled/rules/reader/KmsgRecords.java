package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses what one {@code read(2)} of {@code /dev/kmsg} returns: a record line
 * {@code prio,seq,usec,flags;text} and its {@code " KEY=value"} continuation lines. For live
 * readers, which get exactly one record per read; stateless, thread-safe.
 */
public final class KmsgRecords {
    private static final KmsgLineParser LINES = new KmsgLineParser();

    private KmsgRecords() {
    }

    /** The record, or empty when the text is not a kmsg record. */
    public static Optional<KernelRecord> parse(String read) {
        String[] lines = read.split("\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            return Optional.empty();
        }
        if (!(LINES.parse(lines[0], 0) instanceof LineResult.Parsed parsed)) {
            return Optional.empty();
        }
        KernelRecord r = parsed.record();
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty() && LINES.parse(lines[i], 0) instanceof LineResult.Context c) {
                context.putIfAbsent(c.key(), c.value());
            }
        }
        return Optional.of(context.isEmpty() ? r
                : new KernelRecord(r.format(), r.lineNumber(), r.stamp(), r.provenance(), r.message(), context));
    }
}
