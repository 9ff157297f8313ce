package dev.whokilled.rules.trace;

import java.util.Optional;

/**
 * The loss counters of one CPU's ring buffer, from a tracefs {@code per_cpu/cpuN/stats} file. Immutable.
 *
 * <p>The kernel keeps them per instance and per CPU, cumulative since the buffer was allocated or reset:
 * {@code overrun} counts events overwritten before they were read (the buffer is in overwrite mode, the default);
 * {@code trace_pipe} reports the same events as {@code CPU:N [LOST M EVENTS]} when it next reads that CPU.
 * {@code commit overrun} counts events lost because nested writers (interrupts inside a write) filled a page, and
 * {@code dropped events} events refused while the buffer was full in producer-consumer mode ({@code options/overwrite}
 * 0); neither shows in {@code trace_pipe}. {@code entries} is how many events are still unread.
 *
 * <pre>
 * entries: 164
 * overrun: 4836
 * commit overrun: 0
 * bytes: 8560
 * oldest event ts:  1962.686560
 * now ts:  1962.688540
 * dropped events: 0
 * read events: 27
 * </pre>
 */
public record CpuBufferStats(long entries, long overrun, long commitOverrun, long droppedEvents) {
    public CpuBufferStats {
        if (entries < 0 || overrun < 0 || commitOverrun < 0 || droppedEvents < 0) {
            throw new IllegalArgumentException("counters must not be negative: entries " + entries + ", overrun "
                    + overrun + ", commit overrun " + commitOverrun + ", dropped events " + droppedEvents);
        }
    }

    /**
     * Reads the four counters from the text of a {@code stats} file; other keys are ignored.
     *
     * @return empty when one of the four is missing or not a non-negative number
     */
    public static Optional<CpuBufferStats> parse(String text) {
        long entries = -1;
        long overrun = -1;
        long commitOverrun = -1;
        long dropped = -1;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            long value = number(line.substring(colon + 1).strip());
            switch (key) {
                case "entries" -> entries = value;
                case "overrun" -> overrun = value;
                case "commit overrun" -> commitOverrun = value;
                case "dropped events" -> dropped = value;
                default -> {
                }
            }
        }
        if (entries < 0 || overrun < 0 || commitOverrun < 0 || dropped < 0) {
            return Optional.empty();
        }
        return Optional.of(new CpuBufferStats(entries, overrun, commitOverrun, dropped));
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
