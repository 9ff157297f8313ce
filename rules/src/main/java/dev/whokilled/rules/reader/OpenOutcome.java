package dev.whokilled.rules.reader;

import java.util.Objects;

/** What opening a kernel log gave: a stream of records, or a format nobody recognised. Immutable. */
public sealed interface OpenOutcome {
    /** The format was detected or forced (or the input is empty); read the records from the stream. */
    record Opened(RecordStream stream) implements OpenOutcome {
        public Opened {
            Objects.requireNonNull(stream, "stream");
        }
    }

    /**
     * No rendering understood enough of the first lines. The input has already been closed.
     *
     * @param firstLine the first non-empty line, cut to {@value #MAX_SHOWN_CHARS} characters, with
     *     control and invisible characters escaped so it is safe to print on a terminal
     * @param linesSampled how many non-empty lines detection looked at
     */
    record UnknownFormat(String firstLine, int linesSampled) implements OpenOutcome {
        public static final int MAX_SHOWN_CHARS = 120;

        public UnknownFormat {
            Objects.requireNonNull(firstLine, "firstLine");
            if (linesSampled < 1) {
                throw new IllegalArgumentException("linesSampled must be positive: " + linesSampled);
            }
        }

        /** A message for a person, e.g. {@code cannot tell the format of kern.log: first line was '…'}. */
        public String message(String source) {
            return "cannot tell the format of " + source + ": first line was '" + firstLine + "' (none of "
                    + linesSampled + " sampled lines is kmsg, dmesg, syslog or journal output; name the format to force it)";
        }

        /** Escapes and bounds a raw line for {@link #firstLine}. */
        static String shown(String line) {
            StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_SHOWN_CHARS) + 16);
            int i = 0;
            for (; i < line.length() && i < MAX_SHOWN_CHARS; i++) {
                char c = line.charAt(i);
                int type = Character.getType(c);
                if (c == '\\' || c == '\'') {
                    out.append('\\').append(c);
                } else if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                        || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            if (i < line.length()) {
                out.append('…');
            }
            return out.toString();
        }
    }
}
