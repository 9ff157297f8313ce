package dev.whokilled.rules.exit;

import java.util.ArrayList;
import java.util.List;

/**
 * What a process's own exit code (0-255) says, in words for a person: the conventions of shells, container runtimes
 * and common programs. Stateless and thread-safe.
 */
final class KnownExitCodes {
    private KnownExitCodes() {
    }

    /** One sentence leading with the answer: {@code "Could not run: command not found (exit status 127)."} */
    static String headline(int code) {
        return switch (code) {
            case 0 -> "Exited normally with status 0: success; nothing killed it.";
            case 126 -> "Could not run: the command was found but could not be executed (exit status 126).";
            case 127 -> "Could not run: command not found (exit status 127).";
            case 128 -> "Exited with status 128: not a signal death; an invalid argument to exit, or a program's own fatal-error code.";
            case 255 -> "Exited with status 255: the program called exit(-1), or ssh could not connect.";
            default -> "Exited on its own with code " + code + ": it was not killed by a signal.";
        };
    }

    /** Conventions for this code, then where to look next. */
    static List<String> notes(int code) {
        List<String> notes = new ArrayList<>();
        switch (code) {
            case 0 -> notes.add("If it was meant to keep running, it decided to stop by itself: look at its own log.");
            case 1 -> {
                notes.add("1 is the catch-all 'general error'; the program's own log or stderr says what failed.");
                notes.add("A JVM exits 1 when main() throws an uncaught exception (the stack trace is on stderr).");
            }
            case 2 -> notes.add("2 usually means misuse: a bad command-line argument or option (shell builtins and many CLIs).");
            case 3 -> notes.add("A JVM started with -XX:+ExitOnOutOfMemoryError exits 3 on a Java heap OutOfMemoryError "
                    + "(stderr: 'Terminating due to java.lang.OutOfMemoryError'); that is the heap limit, not the kernel OOM killer.");
            case 124 -> notes.add("timeout(1) exits 124 when the command ran out of time (it sent SIGTERM; with "
                    + "--preserve-status you would see 143 instead).");
            case 125 -> notes.add("docker run exits 125 when the Docker daemon itself failed, so the container never ran; "
                    + "timeout(1) exits 125 when timeout itself failed.");
            case 126 -> notes.add("Permission denied (no execute bit), a noexec mount, a directory, or a binary for another "
                    + "CPU architecture; docker and Kubernetes report 126 when the container's command could not be invoked.");
            case 127 -> notes.add("Not in PATH, a typo, or a script whose #! interpreter is missing; docker and Kubernetes "
                    + "report 127 when the container's command was not found.");
            case 128 -> {
                notes.add("git exits 128 on a fatal error ('fatal: …').");
                notes.add("There is no signal 0, so 128 never means 'killed by a signal'.");
            }
            case 255 -> {
                notes.add("ssh returns 255 when it could not connect or authenticate (otherwise the remote command's status).");
                notes.add("Only the low 8 bits of an exit code survive, so exit(-1) shows as 255.");
            }
            default -> {
                if (code >= 193 && code <= 254) {
                    notes.add("128+" + (code - 128) + " would be signal " + (code - 128) + ", which Linux does not have: "
                            + "this is a plain exit code.");
                }
                if (code >= 200 && code <= 254) {
                    notes.add("If systemd reported it, codes from 200 up are systemd's own: it failed to set up the "
                            + "service before running it (203/EXEC: the program could not be executed, 217/USER: the "
                            + "User= does not exist); 'systemctl status UNIT' names the step.");
                }
            }
        }
        if (code != 0 && code != 126 && code != 127) {
            notes.add("It exited by itself: its own log or stderr says why (journalctl -u UNIT, kubectl logs --previous, "
                    + "docker logs).");
        }
        return notes;
    }
}
