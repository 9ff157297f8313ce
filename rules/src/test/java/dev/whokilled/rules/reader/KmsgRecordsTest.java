package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KmsgRecordsTest {
    @Test
    void parse_recordWithContinuations_keepsContext() {
        KernelRecord r = KmsgRecords.parse("6,339,1403190,-;usb 1-1: new device\n SUBSYSTEM=usb\n DEVICE=c189:1\n").orElseThrow();
        assertEquals("usb 1-1: new device", r.message());
        assertEquals(OptionalLong.of(339), r.stamp().sequence());
        assertEquals(OptionalLong.of(1403190), r.stamp().monotonicMicros());
        assertEquals(Map.of("SUBSYSTEM", "usb", "DEVICE", "c189:1"), r.context());
        assertEquals(Origin.KERNEL, r.origin());
    }

    @Test
    void parse_userspaceRecord_isUserspaceWithItsTag() {
        KernelRecord r = KmsgRecords.parse("14,5,100,-;whokilled-test[42]: hello\\x07\n").orElseThrow();
        assertEquals(Origin.USERSPACE, r.origin());
        assertEquals("hello\u0007", r.message());
    }

    @Test
    void parse_notARecord_isEmpty() {
        assertTrue(KmsgRecords.parse("").isEmpty());
        assertTrue(KmsgRecords.parse("hello world\n").isEmpty());
        assertTrue(KmsgRecords.parse(" SUBSYSTEM=usb\n").isEmpty());
    }
}
