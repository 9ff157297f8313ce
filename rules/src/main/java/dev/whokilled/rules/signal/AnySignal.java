package dev.whokilled.rules.signal;

import java.util.List;

/**
 * A Linux signal, standard ({@link Signal}, 1-31) or realtime ({@link RealtimeSignal}, 32-64). Implementations are
 * immutable and thread-safe.
 */
public sealed interface AnySignal permits Signal, RealtimeSignal {
    /** The signal number on x86-64 and aarch64, 1-64. */
    int number();

    /** The name as {@code kill -l} prints it, with the {@code SIG} prefix: {@code "SIGKILL"}, {@code "SIGRTMIN+3"}. */
    String signalName();

    /** What the kernel does when the process has no handler for it. */
    DefaultAction defaultAction();

    /**
     * Whether a process can catch, block or ignore it: false only for SIGKILL and SIGSTOP, which the kernel applies
     * regardless, so a process killed by SIGKILL ran no cleanup.
     */
    boolean catchable();

    /** One line for a person: what the signal means. */
    String meaning();

    /** Who usually sends it in practice, most common first; empty when nothing in particular does. */
    List<String> usualSenders();

    /** The status a shell or container runtime reports for a process this signal killed: 128 + number. */
    default int shellStatus() {
        return 128 + number();
    }

    /** {@code "SIGKILL (9)"}: the form used in headlines. */
    default String label() {
        return signalName() + " (" + number() + ")";
    }
}
