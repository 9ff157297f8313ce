package dev.whokilled.rules.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.testing.FixtureFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Datagrams captured on kernel 6.18 (x86-64); the fixtures' headers say how. */
class ProcEventDecoderTest {

    private static List<byte[]> datagrams(String fixture) {
        String text = new String(FixtureFiles.load("proc-connector/" + fixture), StandardCharsets.US_ASCII);
        return text.lines().filter(l -> !l.isBlank()).map(l -> HexFormat.of().parseHex(l.strip())).toList();
    }

    private static ProcEvent only(byte[] datagram) {
        List<ProcEvent> events = ProcEventDecoder.decode(datagram, datagram.length, ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, events.size(), () -> "events: " + events);
        return events.get(0);
    }

    private static List<ProcEvent> decodeAll(String fixture) {
        return datagrams(fixture).stream().map(ProcEventDecoderTest::only).toList();
    }

    @Test
    void decode_killedSleep_forkExecExitBySigkill() {
        List<ProcEvent> events = decodeAll("kill9-sleep_6.18.txt");

        ProcEvent.Fork fork = assertInstanceOf(ProcEvent.Fork.class, events.get(0));
        assertEquals(27291, fork.parentPid());
        assertEquals(27250, fork.parentTgid());
        assertEquals(27292, fork.childPid());
        assertEquals(27292, fork.childTgid());
        assertEquals(false, fork.isThread());
        assertEquals(new ProcEvent.Stamp(0, 2, 2079640358187L), fork.stamp());

        ProcEvent.Exec exec = assertInstanceOf(ProcEvent.Exec.class, events.get(1));
        assertEquals(27292, exec.pid());
        assertEquals(27292, exec.tgid());

        ProcEvent.Exit exit = assertInstanceOf(ProcEvent.Exit.class, events.get(2));
        assertEquals(new ProcEvent.Exit(new ProcEvent.Stamp(0, 4, 2079962436391L), 27292, 27292, 9, 17,
                OptionalInt.of(27291), OptionalInt.of(27250)), exit);
        assertTrue(exit.isProcessExit());
    }

    @Test
    void decode_exit3_exitCodeIsWaitStatus() {
        ProcEvent.Exit exit = assertInstanceOf(ProcEvent.Exit.class, decodeAll("exit3_6.18.txt").get(2));

        assertEquals(0x300, exit.exitCode());
        assertEquals(17, exit.exitSignal());
    }

    @Test
    void decode_renamedThenAborted_commWithParenthesesAndUnknownCoredump() {
        List<ProcEvent> events = decodeAll("comm-abort_6.18.txt");

        ProcEvent.Comm comm = assertInstanceOf(ProcEvent.Comm.class, events.get(2));
        assertEquals("a) (b c", comm.comm());
        assertEquals(27294, comm.pid());
        ProcEvent.Unknown coredump = assertInstanceOf(ProcEvent.Unknown.class, events.get(3));
        assertEquals(0x40000000, coredump.what());
        assertEquals(6, assertInstanceOf(ProcEvent.Exit.class, events.get(4)).exitCode());
    }

    @Test
    void decode_threadExit_notAProcessExitAndNoParent() {
        ProcEvent.Exit exit = assertInstanceOf(ProcEvent.Exit.class, decodeAll("thread-exit_6.18.txt").get(0));

        assertEquals(false, exit.isProcessExit());
        assertEquals(-1, exit.exitSignal());
        assertEquals(OptionalInt.empty(), exit.parentPid());
    }

    @Test
    void decode_listenAnswer_isAckWithoutError() {
        ProcEvent.Ack ack = assertInstanceOf(ProcEvent.Ack.class, decodeAll("ack_6.18.txt").get(0));

        assertEquals(0, ack.error());
        assertEquals(1, ack.ack());
    }

    @Test
    void decode_severalMessagesInOneDatagram_allDecoded() {
        List<byte[]> three = datagrams("kill9-sleep_6.18.txt");
        ByteBuffer joined = ByteBuffer.allocate(three.stream().mapToInt(d -> d.length).sum());
        three.forEach(joined::put);

        List<ProcEvent> events = ProcEventDecoder.decode(joined.array(), joined.capacity(), ByteOrder.LITTLE_ENDIAN);

        assertEquals(List.of(ProcEvent.Fork.class, ProcEvent.Exec.class, ProcEvent.Exit.class),
                events.stream().map(Object::getClass).toList());
    }

    @Test
    void decode_everyTruncation_malformedNeverThrows() {
        for (String fixture : List.of("kill9-sleep_6.18.txt", "comm-abort_6.18.txt", "ack_6.18.txt")) {
            for (byte[] datagram : datagrams(fixture)) {
                for (int length = 1; length < datagram.length; length++) {
                    List<ProcEvent> events = ProcEventDecoder.decode(datagram, length, ByteOrder.LITTLE_ENDIAN);
                    int cut = length;
                    assertInstanceOf(ProcEvent.Malformed.class, events.get(events.size() - 1),
                            () -> fixture + " cut at " + cut + ": " + events);
                }
            }
        }
    }

    @Test
    void decode_exitWithShortenedUnion_parentNotReported() {
        byte[] exit = datagrams("kill9-sleep_6.18.txt").get(2);
        ByteBuffer.wrap(exit).order(ByteOrder.LITTLE_ENDIAN).putShort(16 + 16, (short) 32);

        ProcEvent.Exit decoded = assertInstanceOf(ProcEvent.Exit.class, only(exit));

        assertEquals(OptionalInt.empty(), decoded.parentPid());
        assertEquals(9, decoded.exitCode());
    }

    @Test
    void decode_otherConnector_malformed() {
        byte[] exit = datagrams("kill9-sleep_6.18.txt").get(2);
        ByteBuffer.wrap(exit).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 2);

        assertEquals("connector id 2.1, not the proc connector's 1.1",
                assertInstanceOf(ProcEvent.Malformed.class, only(exit)).reason());
    }

    @Test
    void decode_hugeNetlinkLength_malformed() {
        byte[] exit = datagrams("kill9-sleep_6.18.txt").get(2);
        ByteBuffer.wrap(exit).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -1);

        assertEquals("netlink message length 4294967295 outside 16-76",
                assertInstanceOf(ProcEvent.Malformed.class, only(exit)).reason());
    }

    @Test
    void decode_netlinkErrorAndOverrun_reported() {
        ByteBuffer buf = ByteBuffer.allocate(36 + 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(36).putShort((short) ProcEventDecoder.NLMSG_ERROR).putShort((short) 0).putInt(0).putInt(0);
        buf.putInt(-105).put(new byte[16]);
        buf.putInt(16).putShort((short) ProcEventDecoder.NLMSG_OVERRUN).putShort((short) 0).putInt(0).putInt(0);

        List<ProcEvent> events = ProcEventDecoder.decode(buf.array(), buf.capacity(), ByteOrder.LITTLE_ENDIAN);

        assertEquals(List.of(new ProcEvent.NetlinkError(105), new ProcEvent.Overrun()), events);
    }

    @Test
    void decode_noop_skipped() {
        byte[] noop = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(16)
                .putShort((short) ProcEventDecoder.NLMSG_NOOP).array();

        assertEquals(List.of(), ProcEventDecoder.decode(noop, noop.length, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void decode_lengthBeyondArray_rejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcEventDecoder.decode(new byte[4], 5));
    }

    @Test
    void mcastRequest_listen_matchesWhatTheKernelExpects() {
        byte[] request = ProcEventDecoder.mcastRequest(ProcEventDecoder.PROC_CN_MCAST_LISTEN, 7, 4711, 0);
        ByteBuffer buf = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());

        assertEquals(40, request.length);
        assertEquals(40, buf.getInt(0));
        assertEquals(ProcEventDecoder.NLMSG_DONE, buf.getShort(4));
        assertEquals(1, buf.getInt(16));
        assertEquals(1, buf.getInt(20));
        assertEquals(4711, buf.getInt(28));
        assertEquals(4, buf.getShort(32));
        assertEquals(1, buf.getInt(36));
        assertTrue(Arrays.equals(request, ProcEventDecoder.mcastRequest(1, 7, 4711, 0)));
    }

    @Test
    void mcastRequest_otherOp_rejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcEventDecoder.mcastRequest(3, 0, 0, 0));
    }
}
