package dev.whokilled.rules.oom;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Test-only loader for {@code fixtures/oom/*.txt}: {@code #} lines are comments, every other line is a kmsg record
 * {@code prio,seq,usec,flags;message}. Origin is KERNEL iff the facility ({@code prio >> 3}) is 0. Not a log reader:
 * no escapes, no continuation lines (package rules.reader owns those).
 */
final class KmsgFixture {
    private KmsgFixture() {
    }

    static List<KernelRecord> load(String name) {
        String path = "/fixtures/oom/" + name;
        try (InputStream in = KmsgFixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<KernelRecord> parse(String text) {
        List<KernelRecord> records = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int semi = line.indexOf(';');
            String[] head = line.substring(0, semi).split(",");
            int prio = Integer.parseInt(head[0]);
            records.add(record(i + 1, prio, Long.parseLong(head[1]), Long.parseLong(head[2]), line.substring(semi + 1)));
        }
        return records;
    }

    static KernelRecord record(long lineNumber, int prio, long seq, long usec, String message) {
        int facility = prio >> 3;
        Provenance provenance = new Provenance(facility == 0 ? Origin.KERNEL : Origin.USERSPACE,
                OptionalInt.of(facility), OptionalInt.of(prio & 7), Optional.empty(), OptionalInt.empty());
        return new KernelRecord(LogFormat.KMSG, lineNumber,
                new Stamp(OptionalLong.of(seq), OptionalLong.of(usec), Optional.empty(), Optional.empty()), provenance,
                message, Map.of());
    }
}
