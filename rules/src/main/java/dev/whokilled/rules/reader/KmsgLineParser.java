package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses a dump of {@code /dev/kmsg}: {@code prio,seq,usec,flags[,more…];text} record lines and
 * the {@code " KEY=value"} continuation lines under them; stateless, thread-safe.
 *
 * <p>The only rendering that proves the writer: the kernel refuses facility 0 to processes that
 * write to {@code /dev/kmsg}, so facility 0 is {@link Origin#KERNEL} and anything else
 * {@link Origin#USERSPACE}. For userspace records a leading {@code ident[pid]: } becomes the
 * identifier and pid, as journald does.
 */
final class KmsgLineParser implements LineParser {
    @Override
    public LogFormat format() {
        return LogFormat.KMSG;
    }

    @Override
    public LineResult parse(String line, long lineNumber) {
        if (line.charAt(0) == ' ') {
            return continuation(line);
        }
        int semi = line.indexOf(';');
        if (semi < 0) {
            return LineResult.NOT_UNDERSTOOD;
        }
        int c1 = Scan.indexOf(line, ',', 0, semi);
        int c2 = c1 < 0 ? -1 : Scan.indexOf(line, ',', c1 + 1, semi);
        int c3 = c2 < 0 ? -1 : Scan.indexOf(line, ',', c2 + 1, semi);
        if (c3 < 0) {
            return LineResult.NOT_UNDERSTOOD;
        }
        long prio = Scan.digits(line, 0, c1);
        long seq = Scan.digits(line, c1 + 1, c2);
        long usec = Scan.digits(line, c2 + 1, c3);
        // Flags are '-' or 'c'; further comma fields (caller=T123) are allowed and ignored.
        if (prio < 0 || prio > 0xFFFF || seq < 0 || usec < 0 || c3 + 1 == semi) {
            return LineResult.NOT_UNDERSTOOD;
        }
        int facility = (int) (prio >> 3);
        int level = (int) (prio & 7);
        String text = unescape(line, semi + 1, line.length());
        Origin origin = facility == 0 ? Origin.KERNEL : Origin.USERSPACE;
        Optional<String> identifier = Optional.empty();
        OptionalInt pid = OptionalInt.empty();
        if (origin == Origin.USERSPACE) {
            Optional<SyslogTag> tag = SyslogTag.parse(text, 0);
            if (tag.isPresent()) {
                identifier = Optional.of(tag.get().identifier());
                pid = tag.get().pid();
                text = text.substring(tag.get().messageStart());
            }
        }
        Stamp stamp = new Stamp(OptionalLong.of(seq), OptionalLong.of(usec), Optional.empty(), Optional.empty());
        Provenance provenance = new Provenance(origin, OptionalInt.of(facility), OptionalInt.of(level), identifier, pid);
        return new LineResult.Parsed(new KernelRecord(LogFormat.KMSG, lineNumber, stamp, provenance, text, Map.of()));
    }

    private static LineResult continuation(String line) {
        int eq = line.indexOf('=');
        if (eq <= 1) {
            return LineResult.NOT_UNDERSTOOD;
        }
        String key = line.substring(1, eq);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return LineResult.NOT_UNDERSTOOD;
            }
        }
        return new LineResult.Context(key, unescape(line, eq + 1, line.length()));
    }

    /**
     * Decodes the kernel's {@code \xNN} escapes (it escapes non-printable bytes and the backslash
     * itself); a backslash not followed by {@code xNN} is kept as it is. Escaped bytes are UTF-8
     * fragments, so they are collected and decoded together with replacement.
     */
    static String unescape(String s, int from, int to) {
        int bs = Scan.indexOf(s, '\\', from, to);
        if (bs < 0) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        out.append(s, from, bs);
        byte[] pending = new byte[(to - bs) / 4 + 1];
        int i = bs;
        while (i < to) {
            int n = 0;
            while (i + 3 < to && s.charAt(i) == '\\' && s.charAt(i + 1) == 'x'
                    && hex(s.charAt(i + 2)) >= 0 && hex(s.charAt(i + 3)) >= 0) {
                pending[n++] = (byte) (hex(s.charAt(i + 2)) << 4 | hex(s.charAt(i + 3)));
                i += 4;
            }
            if (n > 0) {
                out.append(new String(pending, 0, n, StandardCharsets.UTF_8));
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
