package dev.whokilled.cli.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes untrusted text safe to print on a terminal, and tells whether output goes to one. Process
 * names and log lines are chosen by whoever ran the process: an ANSI escape in a comm must not
 * repaint an operator's screen. Stateless.
 */
public final class Terminal {
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private Terminal() {
    }

    /** Replaces C0 and C1 control characters and DEL with {@code \xNN}; everything else is kept. */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append(String.format("\\x%02x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@code s} in bold when {@code colour}; {@code s} must already be escaped. */
    static String bold(String s, boolean colour) {
        return colour ? BOLD + s + RESET : s;
    }

    /**
     * Whether the file descriptor behind {@code fdLink} (a {@code /proc/self/fd/N} link) is a
     * terminal: a pseudo-terminal, a virtual console or a serial line. Java 17 has no isatty for
     * standard output alone ({@code System.console()} also wants standard input).
     */
    public static boolean isTerminal(Path fdLink) {
        try {
            String target = Files.readSymbolicLink(fdLink).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
