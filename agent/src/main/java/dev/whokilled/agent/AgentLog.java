package dev.whokilled.agent;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's log: one line per message on stderr with a syslog priority prefix ({@code <3>},
 * {@code <4>}, {@code <6>}), which journald turns into the entry's priority. Thread-safe.
 * {@link #once} keeps a recurring problem to one line, so a failing disk does not flood the journal.
 */
public final class AgentLog {
    private final PrintWriter err;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public AgentLog(PrintWriter err) {
        this.err = err;
    }

    public void error(String message) {
        line(3, message);
    }

    public void warning(String message) {
        line(4, message);
    }

    public void info(String message) {
        line(6, message);
    }

    /** A warning logged the first time its key is seen, and not again. */
    public void once(String key, String message) {
        if (said.add(key)) {
            warning(message);
        }
    }

    private void line(int priority, String message) {
        synchronized (err) {
            err.println("<" + priority + ">" + message.replace('\n', ' '));
            err.flush();
        }
    }
}
