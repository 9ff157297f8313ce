package dev.whokilled.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user learns when the ring buffer has lost the start of the boot, from the oldest record the snapshot read; the
 * ring is a file here.
 */
class KmsgRingTest {
    @TempDir
    Path dir;

    @Test
    void oldestRecordAfterTheBootsFirst_saysFromWhenAndWhereTheRestIs() throws IOException {
        Path kmsg = ring("6,57733,21418759908,-;whokilled-test: ring buffer filler\n6,57734,21418759910,-;next\n");
        KmsgRing.LostStart lost = readWhole(kmsg).lostStart().orElseThrow();
        assertEquals(new KmsgRing.LostStart(kmsg, 21_418_759_908L, 57733), lost);
        assertEquals(kmsg + " holds this boot only from 5 h 56 min after boot on: the kernel's ring buffer has"
                + " overwritten the 57733 records before, and any death in them", lost.sentence());
    }

    @Test
    void theBootsFirstRecordStillThere_saysNothing() throws IOException {
        assertEquals(Optional.empty(), readWhole(ring("5,0,0,-;Linux version 6.18.44\n6,1,0,-;Command line: x\n")).lostStart());
    }

    @Test
    void unreadOrNotKmsg_saysNothing() throws IOException {
        assertEquals(Optional.empty(), new KmsgRing(dir.resolve("missing")).lostStart(), "never opened");
        assertEquals(Optional.empty(), readWhole(ring("Nov 22 00:00:01 host kernel: not kmsg\n")).lostStart());
        assertEquals(Optional.empty(), readWhole(ring("")).lostStart());
    }

    @Test
    void afterBoot_inTheLargestUnitsThatMatter() {
        assertEquals("41 s", KmsgRing.afterBoot(41_999_999));
        assertEquals("12 min 3 s", KmsgRing.afterBoot(723_000_000));
        assertEquals("5 h 56 min", KmsgRing.afterBoot(21_418_759_908L));
    }

    private static KmsgRing readWhole(Path kmsg) throws IOException {
        KmsgRing ring = new KmsgRing(kmsg);
        try (InputStream in = ring.open()) {
            in.readAllBytes();
        }
        return ring;
    }

    private Path ring(String text) throws IOException {
        return Files.writeString(dir.resolve("kmsg"), text);
    }
}
