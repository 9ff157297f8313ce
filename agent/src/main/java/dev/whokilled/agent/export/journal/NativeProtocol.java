package dev.whokilled.agent.export.journal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * journald's native protocol (systemd's {@code JOURNAL_NATIVE_PROTOCOL}): one datagram is one entry, a sequence of
 * fields. A value without control characters goes as {@code NAME=value\n}; any other, a command line with a newline
 * say, in the binary-safe form {@code NAME\n}, its length as a 64-bit little-endian number, the bytes, {@code \n}.
 * journald never parses a value, so a value cannot forge a field. Stateless.
 */
public final class NativeProtocol {
    /** Added when a value was cut to fit the datagram, as systemd-coredump's {@code COREDUMP_TRUNCATED=1}. */
    public static final JournalField TRUNCATED = new JournalField("WHOKILLED_TRUNCATED", "1");

    /** What is cut first, in this order, when an entry does not fit: the longest and least needed values. */
    private static final List<String> CUTTABLE = List.of("WHOKILLED_CMDLINE", "WHOKILLED_KILLER_CMDLINE", "MESSAGE");

    private NativeProtocol() {
    }

    public static byte[] encode(List<JournalField> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        for (JournalField f : fields) {
            byte[] name = f.name().getBytes(StandardCharsets.US_ASCII);
            byte[] value = f.value().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(name);
            if (simple(f.value())) {
                out.write('=');
                out.writeBytes(value);
            } else {
                out.write('\n');
                long n = value.length;
                for (int i = 0; i < 8; i++) {
                    out.write((int) (n >>> (8 * i)) & 0xff);
                }
                out.writeBytes(value);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * The entry in at most {@code maxBytes}: when the whole does not fit, the command lines, then the message, are
     * cut at a character boundary until it does, and {@link #TRUNCATED} is added. An entry that still does not fit
     * (only with a limit of a few hundred bytes) is returned whole, for the send to fail and say so.
     */
    public static byte[] encode(List<JournalField> fields, int maxBytes) {
        byte[] whole = encode(fields);
        if (whole.length <= maxBytes) {
            return whole;
        }
        List<JournalField> cut = new ArrayList<>(fields);
        cut.add(TRUNCATED);
        for (String name : CUTTABLE) {
            int over = encode(cut).length - maxBytes;
            if (over <= 0) {
                break;
            }
            for (int i = 0; i < cut.size(); i++) {
                if (cut.get(i).name().equals(name)) {
                    cut.set(i, new JournalField(name, shorten(cut.get(i).value(), over)));
                    break;
                }
            }
        }
        byte[] fitted = encode(cut);
        return fitted.length <= maxBytes ? fitted : whole;
    }

    /** Without control characters, the {@code NAME=value} form is unambiguous: a value ends at its newline. */
    private static boolean simple(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** {@code value} without its last {@code bytes} UTF-8 bytes or a few more, never splitting a character. */
    private static String shorten(String value, int bytes) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        int keep = Math.max(0, b.length - bytes);
        while (keep > 0 && (b[keep] & 0xC0) == 0x80) {
            keep--;
        }
        return new String(b, 0, keep, StandardCharsets.UTF_8);
    }
}
