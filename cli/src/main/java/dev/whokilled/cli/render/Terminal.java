package dev.whokilled.cli.render;

/**
 * Makes untrusted text safe to print on a terminal. Process names and log lines are chosen by
 * whoever ran the process: an ANSI escape in a comm must not repaint an operator's screen.
 * Stateless.
 */
public final class Terminal {
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
}
