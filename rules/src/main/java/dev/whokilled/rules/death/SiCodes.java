package dev.whokilled.rules.death;

/**
 * The siginfo {@code si_code} values that tell who generated a signal (siginfo.h, x86_64/aarch64).
 * Stateless.
 *
 * <p>Negative codes come from userspace calls, {@code SI_KERNEL} from the kernel itself (the OOM
 * killer's private SIGKILL, RLIMIT_CPU), and positive codes below it from a fault the process
 * caused (SEGV_MAPERR, BUS_ADRERR, FPE_INTDIV, ILL_ILLOPC, TRAP_BRKPT, SYS_SECCOMP).
 */
final class SiCodes {
    /** {@code kill(2)}, and the kernel's SEND_SIG_NOINFO (SIGPIPE on a broken pipe). */
    static final int SI_USER = 0;
    /** {@code sigqueue(3)}. */
    static final int SI_QUEUE = -1;
    /** {@code tgkill(2)}/{@code tkill(2)}: {@code raise()}, {@code abort()}, {@code pthread_kill()}. */
    static final int SI_TKILL = -6;
    /** The kernel itself, with no process asking. */
    static final int SI_KERNEL = 0x80;

    private SiCodes() {
    }

    /** A code the kernel sets when it signals a fault of the process (SEGV_MAPERR is 1, …). */
    static boolean isFault(int code) {
        return code > 0 && code < SI_KERNEL;
    }

    /** How a person would have sent it: {@code kill -9}, {@code tgkill}, {@code sigqueue}. */
    static String how(int signal, int code) {
        return switch (code) {
            case SI_USER -> "kill -" + signal;
            case SI_TKILL -> "tgkill";
            case SI_QUEUE -> "sigqueue";
            default -> "si_code " + code;
        };
    }

    /** The fault a code means for a fault signal, from siginfo.h; empty when it is not one we name. */
    static String fault(int signal, int code) {
        String name = switch (signal) {
            case 11 -> code == 1 ? "SEGV_MAPERR: access to an unmapped address"
                    : code == 2 ? "SEGV_ACCERR: access the mapping does not permit" : "";
            case 7 -> code == 1 ? "BUS_ADRALN: misaligned address" : code == 2 ? "BUS_ADRERR: no such physical address"
                    : code == 3 ? "BUS_OBJERR: hardware error (often a truncated mapped file)" : "";
            case 8 -> code == 1 ? "FPE_INTDIV: integer division by zero" : code == 2 ? "FPE_INTOVF: integer overflow" : "";
            case 4 -> code == 1 ? "ILL_ILLOPC: illegal opcode" : "";
            case 5 -> code == 1 ? "TRAP_BRKPT: breakpoint" : "";
            case 31 -> code == 1 ? "SYS_SECCOMP: a system call its seccomp filter forbids" : "";
            default -> "";
        };
        return name.isEmpty() ? "si_code " + code : name;
    }
}
