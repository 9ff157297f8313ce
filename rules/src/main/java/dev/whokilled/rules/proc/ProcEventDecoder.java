package dev.whokilled.rules.proc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Decodes netlink proc connector datagrams ({@code include/uapi/linux/cn_proc.h}) and builds the subscription
 * request. Stateless and thread-safe; no I/O.
 *
 * <p>Layout (the kernel writes host byte order; offsets for x86-64 and aarch64, verified on 6.18): an
 * {@code nlmsghdr} (16 bytes: len, type, flags, seq, pid), a {@code cn_msg} (20: idx, val, seq, ack, len, flags),
 * then {@code proc_event}: what (4), cpu (4), timestamp_ns (8), then the union. So {@code what} is at byte 36 of a
 * message and the union at 52. A datagram may hold several netlink messages, each aligned to 4 bytes.
 *
 * <p>The exit payload is process_pid, process_tgid, exit_code, exit_signal and, on newer kernels (added in 2018),
 * parent_pid and parent_tgid. The union is 24 bytes on every kernel (the comm event's 8 + 16 fix its size), so a
 * message's length does not tell whether the parent fields are there: older kernels zero the union, so 0 means "not
 * reported". The decoder still checks the length, in case a kernel ever shrinks the union.
 */
public final class ProcEventDecoder {
    public static final int NLMSG_HDRLEN = 16;
    public static final int CN_MSG_LEN = 20;
    /** {@code what} + {@code cpu} + {@code timestamp_ns}: the union starts this far into {@code proc_event}. */
    public static final int PROC_EVENT_HEADER = 16;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    /** {@code CN_IDX_PROC} and {@code CN_VAL_PROC}: the connector id of the proc connector, and its netlink group. */
    public static final int CN_IDX_PROC = 1;
    public static final int CN_VAL_PROC = 1;

    public static final int PROC_EVENT_NONE = 0;
    public static final int PROC_EVENT_FORK = 0x1;
    public static final int PROC_EVENT_EXEC = 0x2;
    public static final int PROC_EVENT_COMM = 0x200;
    public static final int PROC_EVENT_EXIT = 0x80000000;

    /** {@code enum proc_cn_mcast_op}. */
    public static final int PROC_CN_MCAST_LISTEN = 1;
    public static final int PROC_CN_MCAST_IGNORE = 2;

    private static final int COMM_LEN = 16;

    private ProcEventDecoder() {
    }

    /** Decodes the first {@code length} bytes of a datagram, in host byte order: one outcome per netlink message. */
    public static List<ProcEvent> decode(byte[] datagram, int length) {
        return decode(datagram, length, ByteOrder.nativeOrder());
    }

    static List<ProcEvent> decode(byte[] datagram, int length, ByteOrder order) {
        if (length < 0 || length > datagram.length) {
            throw new IllegalArgumentException("length must be 0-" + datagram.length + ": " + length);
        }
        ByteBuffer buf = ByteBuffer.wrap(datagram, 0, length).order(order);
        List<ProcEvent> events = new ArrayList<>(1);
        int off = 0;
        while (off < length) {
            if (length - off < NLMSG_HDRLEN) {
                events.add(new ProcEvent.Malformed(off, (length - off) + " bytes left, too few for a netlink header"));
                break;
            }
            int len = buf.getInt(off);
            int type = Short.toUnsignedInt(buf.getShort(off + 4));
            if (len < NLMSG_HDRLEN || len > length - off) {
                events.add(new ProcEvent.Malformed(off, "netlink message length " + Integer.toUnsignedString(len)
                        + " outside " + NLMSG_HDRLEN + "-" + (length - off)));
                break;
            }
            switch (type) {
                case NLMSG_NOOP -> { }
                case NLMSG_ERROR -> events.add(len >= NLMSG_HDRLEN + 4
                        ? new ProcEvent.NetlinkError(-buf.getInt(off + NLMSG_HDRLEN))
                        : new ProcEvent.Malformed(off, "NLMSG_ERROR without an error number"));
                case NLMSG_OVERRUN -> events.add(new ProcEvent.Overrun());
                default -> events.add(connectorMessage(buf, off, len));
            }
            off += align4(len);
        }
        return List.copyOf(events);
    }

    private static ProcEvent connectorMessage(ByteBuffer buf, int off, int len) {
        int cn = off + NLMSG_HDRLEN;
        if (len < NLMSG_HDRLEN + CN_MSG_LEN) {
            return new ProcEvent.Malformed(off, "message of " + len + " bytes, too short for a connector header");
        }
        int idx = buf.getInt(cn);
        int val = buf.getInt(cn + 4);
        if (idx != CN_IDX_PROC || val != CN_VAL_PROC) {
            return new ProcEvent.Malformed(off, "connector id " + idx + "." + val + ", not the proc connector's 1.1");
        }
        long seq = Integer.toUnsignedLong(buf.getInt(cn + 8));
        long ack = Integer.toUnsignedLong(buf.getInt(cn + 12));
        int payload = Short.toUnsignedInt(buf.getShort(cn + 16));
        int ev = cn + CN_MSG_LEN;
        int available = len - NLMSG_HDRLEN - CN_MSG_LEN;
        if (payload > available) {
            return new ProcEvent.Malformed(off, "connector payload of " + payload + " bytes, only " + available
                    + " in the message");
        }
        if (payload < PROC_EVENT_HEADER) {
            return new ProcEvent.Malformed(off, "connector payload of " + payload + " bytes, too short for an event");
        }
        int what = buf.getInt(ev);
        ProcEvent.Stamp stamp = new ProcEvent.Stamp(buf.getInt(ev + 4), seq, buf.getLong(ev + 8));
        int data = ev + PROC_EVENT_HEADER;
        int union = payload - PROC_EVENT_HEADER;
        switch (what) {
            case PROC_EVENT_NONE:
                return union < 4 ? tooShort(off, "ack", union, 4) : new ProcEvent.Ack(stamp, ack, buf.getInt(data));
            case PROC_EVENT_FORK:
                return union < 16 ? tooShort(off, "fork", union, 16) : new ProcEvent.Fork(stamp,
                        buf.getInt(data), buf.getInt(data + 4), buf.getInt(data + 8), buf.getInt(data + 12));
            case PROC_EVENT_EXEC:
                return union < 8 ? tooShort(off, "exec", union, 8)
                        : new ProcEvent.Exec(stamp, buf.getInt(data), buf.getInt(data + 4));
            case PROC_EVENT_COMM:
                return union < 8 + COMM_LEN ? tooShort(off, "comm", union, 8 + COMM_LEN)
                        : new ProcEvent.Comm(stamp, buf.getInt(data), buf.getInt(data + 4), comm(buf, data + 8));
            case PROC_EVENT_EXIT:
                if (union < 16) {
                    return tooShort(off, "exit", union, 16);
                }
                return new ProcEvent.Exit(stamp, buf.getInt(data), buf.getInt(data + 4), buf.getInt(data + 8),
                        buf.getInt(data + 12), reported(buf, data + 16, union >= 24),
                        reported(buf, data + 20, union >= 24));
            default:
                return new ProcEvent.Unknown(stamp, what);
        }
    }

    /**
     * The request that starts ({@link #PROC_CN_MCAST_LISTEN}) or stops ({@link #PROC_CN_MCAST_IGNORE}) event delivery
     * to a socket, in host byte order: an nlmsghdr of type NLMSG_DONE, a cn_msg for the proc connector and the
     * 4-byte operation. The kernel answers with an {@link ProcEvent.Ack} whose {@code ack} is {@code ack + 1}.
     *
     * @param seq the netlink and connector sequence number, for the caller's own matching
     * @param portId the sender's netlink port id ({@code nlmsg_pid}); 0 lets the kernel fill it in
     */
    public static byte[] mcastRequest(int op, int seq, int ack, int portId) {
        if (op != PROC_CN_MCAST_LISTEN && op != PROC_CN_MCAST_IGNORE) {
            throw new IllegalArgumentException("op must be PROC_CN_MCAST_LISTEN (1) or _IGNORE (2): " + op);
        }
        int total = NLMSG_HDRLEN + CN_MSG_LEN + 4;
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
        buf.putInt(total).putShort((short) NLMSG_DONE).putShort((short) 0).putInt(seq).putInt(portId);
        buf.putInt(CN_IDX_PROC).putInt(CN_VAL_PROC).putInt(seq).putInt(ack).putShort((short) 4).putShort((short) 0);
        buf.putInt(op);
        return buf.array();
    }

    private static ProcEvent tooShort(int off, String what, int have, int need) {
        return new ProcEvent.Malformed(off, what + " event with " + have + " payload bytes, needs " + need);
    }

    private static OptionalInt reported(ByteBuffer buf, int at, boolean present) {
        int value = present ? buf.getInt(at) : 0;
        return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
    }

    private static String comm(ByteBuffer buf, int at) {
        byte[] raw = new byte[COMM_LEN];
        buf.get(at, raw);
        int end = 0;
        while (end < COMM_LEN && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    private static int align4(int len) {
        return (len + 3) & ~3;
    }
}
