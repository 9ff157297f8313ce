package dev.whokilled.rules.trace;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one line of a tracefs {@code trace_pipe} that carries {@code signal:signal_generate} with
 * {@code options/record-tgid} on; stateless, thread-safe.
 *
 * <p>The kernel prints (kernel/trace/trace_output.c, print fmt in {@code events/signal/signal_generate/format}):
 * <pre>
 *             kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate: sig=15 errno=0 code=0 comm=sleep pid=13459 grp=1 res=0
 * %16s comm    -%-7d tid  (%7d tgid, or -------) [%03d cpu] flags  secs.usecs: event: sig=%d errno=%d code=%d comm=%s pid=%d grp=%d res=%d
 * </pre>
 *
 * <p>Both comms are arbitrary bytes of up to 15 characters (a process sets its own with {@code prctl(PR_SET_NAME)}),
 * so they may hold spaces, {@code -}, brackets and parentheses. Two anchors make that safe:
 * <ul>
 *   <li>The sender comm ends at the first {@code -tid} that is followed by a complete header (spaces,
 *       {@code (tgid)}, {@code [cpu]}, flags, {@code secs.usecs:}, event name). A fake header needs at least 18
 *       characters, so it cannot hide inside a 15-character comm. Leading spaces are the column's padding and are
 *       dropped: a comm that itself starts with spaces loses them.</li>
 *   <li>The target comm runs from {@code comm=} to the last {@code " pid="} followed by
 *       {@code pid=N grp=N res=N}; anything after {@code res=N} (a field a later kernel may add) is ignored.</li>
 * </ul>
 *
 * <p>A comm holding a newline splits the event over two lines; the parser then sees two fragments, reports the
 * first as {@link TraceLineOutcome.Malformed} and may read the second with a truncated sender comm (the tid is still
 * right).
 *
 * <p>Other outcomes: {@code CPU:N [LOST M EVENTS]} is {@link TraceLineOutcome.Lost}; blank lines, {@code #} comments
 * and well-formed lines of other events are {@link TraceLineOutcome.Ignored}; everything else is
 * {@link TraceLineOutcome.Malformed} (our instance prints only our event, so an unknown line is worth a warning).
 */
public final class SignalGenerateLineParser {
    /** The event name this parser reads. */
    public static final String EVENT = "signal_generate";

    private static final Pattern HEADER = Pattern.compile(
            "^ *(.*?)-(\\d{1,10}) +\\((?: *(\\d{1,10})|-------)\\) \\[(\\d{1,6})\\] (\\S{1,16}) +"
                    + "(\\d{1,12})\\.(\\d{6}|\\d{9}): ([A-Za-z0-9_]{1,64}): ?(.*)$",
            Pattern.DOTALL);
    private static final Pattern BODY_HEAD = Pattern.compile("^sig=(-?\\d{1,10}) errno=(-?\\d{1,10}) code=(-?\\d{1,10}) comm=");
    private static final Pattern BODY_TAIL = Pattern.compile(
            "^ pid=(\\d{1,10}) grp=(\\d{1,10}) res=(-?\\d{1,10})(?: .*)?$", Pattern.DOTALL);
    private static final Pattern LOST = Pattern.compile("^CPU:(\\d{1,6}) \\[LOST (?:(\\d{1,19}) )?EVENTS\\]$");

    private SignalGenerateLineParser() {
    }

    /** Parses one line, without its trailing newline; never throws. */
    public static TraceLineOutcome parse(String line) {
        if (line.isBlank() || line.charAt(0) == '#') {
            return TraceLineOutcome.Ignored.INSTANCE;
        }
        Matcher lost = LOST.matcher(line);
        if (lost.matches()) {
            OptionalLong count = lost.group(2) == null ? OptionalLong.empty() : parseCount(lost.group(2));
            if (lost.group(2) != null && count.isEmpty()) {
                return new TraceLineOutcome.Malformed(line, "lost-events count out of range: " + lost.group(2));
            }
            return new TraceLineOutcome.Lost(Integer.parseInt(lost.group(1)), count);
        }
        Matcher h = HEADER.matcher(line);
        if (!h.matches()) {
            return new TraceLineOutcome.Malformed(line, "not a trace_pipe event line (comm-tid (tgid) [cpu] flags secs.usecs: event:)");
        }
        if (!h.group(8).equals(EVENT)) {
            return TraceLineOutcome.Ignored.INSTANCE;
        }
        OptionalInt tid = toInt(h.group(2));
        OptionalInt tgid = h.group(3) == null ? OptionalInt.empty() : toInt(h.group(3));
        if (tid.isEmpty() || h.group(3) != null && tgid.isEmpty()) {
            return new TraceLineOutcome.Malformed(line, "sender tid or tgid out of range: " + h.group(2) + " (" + h.group(3) + ")");
        }
        long seconds = Long.parseLong(h.group(6));
        String fraction = h.group(7);
        long nanos = Long.parseLong(fraction) * (fraction.length() == 6 ? 1_000 : 1);
        if (seconds > (Long.MAX_VALUE - nanos) / 1_000_000_000L) {
            return new TraceLineOutcome.Malformed(line, "timestamp out of range: " + h.group(6) + "." + fraction);
        }
        return body(line, h.group(9), h.group(1), tid.getAsInt(), tgid, Integer.parseInt(h.group(4)), h.group(5),
                seconds * 1_000_000_000L + nanos);
    }

    private static TraceLineOutcome body(String line, String body, String senderComm, int tid, OptionalInt tgid,
                                         int cpu, String flags, long timestampNanos) {
        Matcher head = BODY_HEAD.matcher(body);
        if (!head.lookingAt()) {
            return new TraceLineOutcome.Malformed(line, EVENT + " body does not start with sig= errno= code= comm=");
        }
        OptionalInt sig = toInt(head.group(1));
        OptionalInt errno = toInt(head.group(2));
        OptionalInt code = toInt(head.group(3));
        if (sig.isEmpty() || errno.isEmpty() || code.isEmpty()) {
            return new TraceLineOutcome.Malformed(line, "sig, errno or code out of range: " + body);
        }
        if (sig.getAsInt() < 1 || sig.getAsInt() > 64) {
            return new TraceLineOutcome.Malformed(line, "sig must be 1-64 (x86-64/aarch64 numbering): " + sig.getAsInt());
        }
        int commStart = head.end();
        for (int at = body.lastIndexOf(" pid=", body.length()); at >= commStart; at = body.lastIndexOf(" pid=", at - 1)) {
            Matcher tail = BODY_TAIL.matcher(body).region(at, body.length());
            if (!tail.matches()) {
                continue;
            }
            OptionalInt pid = toInt(tail.group(1));
            OptionalInt res = toInt(tail.group(3));
            if (pid.isEmpty() || pid.getAsInt() == 0 || res.isEmpty()) {
                return new TraceLineOutcome.Malformed(line, "target pid or res out of range: " + body.substring(at + 1));
            }
            boolean group;
            switch (tail.group(2)) {
                case "0" -> group = false;
                case "1" -> group = true;
                default -> {
                    return new TraceLineOutcome.Malformed(line, "grp must be 0 or 1: " + tail.group(2));
                }
            }
            return new TraceLineOutcome.Parsed(new SignalGenerate(senderComm, tid, tgid, cpu, flags, timestampNanos,
                    sig.getAsInt(), errno.getAsInt(), code.getAsInt(), body.substring(commStart, at), pid.getAsInt(),
                    group, res.getAsInt()));
        }
        return new TraceLineOutcome.Malformed(line, EVENT + " body does not end with pid=N grp=N res=N");
    }

    private static OptionalInt toInt(String digits) {
        long v = Long.parseLong(digits);
        return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) v);
    }

    private static OptionalLong parseCount(String digits) {
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
