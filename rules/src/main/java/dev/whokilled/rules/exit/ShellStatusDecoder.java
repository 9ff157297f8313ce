package dev.whokilled.rules.exit;

import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.DefaultAction;
import dev.whokilled.rules.signal.Signals;
import java.util.List;

/**
 * Decodes a shell or container exit status 0-255 ({@code $?}, {@code docker inspect}, Kubernetes' exitCode).
 * Stateless and thread-safe.
 *
 * <p>0 is success, 1-125 the program's own code, 126 and 127 "could not run", 128 no signal (there is no signal 0),
 * 129-192 "killed by signal status-128" (192 = SIGRTMAX), 193-255 plain exit codes again. A status of 128+N for a
 * signal that cannot end a process (SIGCHLD, SIGCONT, SIGURG, SIGWINCH: ignored or continue by default) is read as
 * the program's own code; for a stop signal it is a stopped job, as bash reports it (148 after Ctrl+Z).
 */
public final class ShellStatusDecoder {
    private ShellStatusDecoder() {
    }

    /** The one reading of {@code status} as a shell status; throws for a value outside 0-255. */
    public static DecodedStatus decode(int status) {
        if (status < 0 || status > 255) {
            throw new IllegalArgumentException("shell exit status must be 0-255: " + status);
        }
        if (status <= 128 || status > 128 + Signals.MAX) {
            return Readings.exited(Interpretation.SHELL_STATUS, status, List.of());
        }
        AnySignal signal = Signals.byNumber(status - 128).orElseThrow();
        DefaultAction action = signal.defaultAction();
        if (action.ends()) {
            return Readings.killed(Interpretation.SHELL_STATUS, signal, Readings.unknownCore(signal), List.of(
                    "Shells and container runtimes report a death by signal N as 128+N (here 128+" + signal.number()
                            + "); a program can also exit(" + status + ") by itself, but rarely does."));
        }
        if (action == DefaultAction.STOP) {
            return Readings.stopped(Interpretation.SHELL_STATUS, signal, SignalDeaths.stoppedHeadline(signal), List.of());
        }
        return Readings.exited(Interpretation.SHELL_STATUS, status,
                "Exited on its own with code " + status + ": not a signal death, because " + signal.label()
                        + " does not end a process (default action: " + action.description() + ").",
                List.of());
    }
}
