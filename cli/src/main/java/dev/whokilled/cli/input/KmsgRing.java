package dev.whokilled.cli.input;

import dev.whokilled.rules.reader.KmsgRecords;
import dev.whokilled.rules.record.KernelRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How much of this boot the kernel's ring buffer still holds. It keeps the newest records only (a few hundred KiB), so
 * on a busy or long-running machine the start of the boot, and the deaths in it, are only in the journal.
 */
public final class KmsgRing {
    private static final long IDLE_MILLIS = 300;
    private static final int MAX_RECORD = 16 * 1024;

    private KmsgRing() {
    }

    /**
     * The ring's oldest record is not the boot's first (sequence 0): it has overwritten the start of the boot.
     *
     * @param afterBootMicros when, on the kernel's clock, the ring's oldest record was logged
     * @param overwritten how many records of this boot it no longer holds
     */
    public record LostStart(Path kmsg, long afterBootMicros, long overwritten) {
        /** "/dev/kmsg holds this boot only from 5 h 56 min after boot on: ..., and any death in them". */
        public String sentence() {
            return kmsg + " holds this boot only from " + afterBoot(afterBootMicros) + " after boot on: the kernel's"
                    + " ring buffer has overwritten the " + overwritten + " records before, and any death in them";
        }
    }

    /** What the ring has lost of this boot; empty when it holds the whole boot, or its oldest record cannot be read. */
    public static Optional<LostStart> lostStart(Path kmsg) {
        try (InputStream in = new KmsgSnapshotStream(kmsg, IDLE_MILLIS)) {
            return oldest(in).filter(r -> r.stamp().sequence().orElse(0) > 0).map(r -> new LostStart(kmsg,
                    r.stamp().monotonicMicros().orElse(0), r.stamp().sequence().getAsLong()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<KernelRecord> oldest(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n' && line.size() < MAX_RECORD; b = in.read()) {
            line.write(b);
        }
        return KmsgRecords.parse(line.toString(StandardCharsets.UTF_8));
    }

    /** "5 h 56 min", "12 min 3 s", "41 s". */
    static String afterBoot(long micros) {
        long s = micros / 1_000_000;
        if (s >= 3600) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }
}
