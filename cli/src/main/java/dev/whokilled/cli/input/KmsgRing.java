package dev.whokilled.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How much of this boot the kernel's ring buffer still holds. It keeps the newest records only (a few hundred KiB), so
 * on a busy or long-running machine the start of the boot, and the deaths in it, are only in the journal.
 */
public final class KmsgRing {
    /** A snapshot ends when the ring has had no new record for this long. */
    private static final long IDLE_MILLIS = 300;

    private final Path kmsg;
    private volatile KmsgSnapshotStream snapshot;

    public KmsgRing(Path kmsg) {
        this.kmsg = kmsg;
    }

    /** The records the ring holds now, oldest first, until it has been idle {@value #IDLE_MILLIS} ms. */
    public InputStream open() throws IOException {
        KmsgSnapshotStream s = new KmsgSnapshotStream(kmsg, IDLE_MILLIS);
        snapshot = s;
        return s;
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

    /**
     * What the ring had lost of this boot when {@link #open} read it, from its oldest record then: empty before it
     * was read, when it held the whole boot, or when that record was none.
     */
    public Optional<LostStart> lostStart() {
        KmsgSnapshotStream s = snapshot;
        return s == null ? Optional.empty() : s.oldestRecord().filter(r -> r.stamp().sequence().orElse(0) > 0)
                .map(r -> new LostStart(kmsg, r.stamp().monotonicMicros().orElse(0), r.stamp().sequence().getAsLong()));
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
