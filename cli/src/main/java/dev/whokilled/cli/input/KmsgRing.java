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
     * A line for the user when the ring's oldest record is not the boot's first (sequence 0): from when it holds the
     * boot, how many records it has overwritten, and where the rest is. Empty when it holds the whole boot, or its
     * oldest record cannot be read.
     */
    public static Optional<String> lostStart(Path kmsg) {
        try (InputStream in = new KmsgSnapshotStream(kmsg, IDLE_MILLIS)) {
            return oldest(in).filter(r -> r.stamp().sequence().orElse(0) > 0).map(r -> "whokilled: " + kmsg
                    + " holds this boot only from " + afterBoot(r.stamp().monotonicMicros().orElse(0)) + " after boot on:"
                    + " the kernel's ring buffer has overwritten the " + r.stamp().sequence().getAsLong()
                    + " records before, and any death in them. 'whokilled analyze -b 0' reads the whole boot from the"
                    + " journal.");
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
