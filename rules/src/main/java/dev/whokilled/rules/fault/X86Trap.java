package dev.whokilled.rules.fault;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The x86 traps that {@code do_trap} reports as {@code traps: comm[pid] trap NAME ip:… sp:… error:…}, with the
 * signal each one sends; immutable and thread-safe.
 *
 * <p>Names and signals from {@code arch/x86/kernel/traps.c} ({@code do_error_trap} callers and {@code do_int3_user}),
 * Linux 5.8-6.x; numbers are x86_64's (SIGILL 4, SIGTRAP 5, SIGBUS 7, SIGFPE 8, SIGSEGV 11). The idtentry
 * conversion (around 5.8) briefly printed {@code divide_error} with an underscore before a fix restored
 * {@code divide error}; both spellings are accepted.
 */
public enum X86Trap {
    /** #DE, integer division by zero or overflow. */
    DIVIDE_ERROR("divide error", 8, "integer division by zero (or a quotient too large for its register)"),
    /** #OF, the {@code INTO} instruction with the overflow flag set. */
    OVERFLOW("overflow", 11, "INTO instruction with the overflow flag set"),
    /** #BR, the {@code BOUND} instruction (or MPX) found an index out of range. */
    BOUNDS("bounds", 11, "array index outside the bounds checked by BOUND"),
    /** #UD, an invalid or undefined instruction ({@code ud2}, or code built for a newer CPU). */
    INVALID_OPCODE("invalid opcode", 4, "invalid instruction (ud2 from an assertion or unreachable code, or code built for a newer CPU)"),
    /** #MF on the 387 coprocessor; historical. */
    COPROCESSOR_SEGMENT_OVERRUN("coprocessor segment overrun", 8, "387 coprocessor segment overrun"),
    /** #TS. */
    INVALID_TSS("invalid TSS", 11, "invalid task-state segment"),
    /** #NP. */
    SEGMENT_NOT_PRESENT("segment not present", 7, "load of a segment that is not present"),
    /** #SS. */
    STACK_SEGMENT("stack segment", 7, "stack-segment fault"),
    /** #AC, a misaligned access with alignment checking on (or a split lock when split_lock_detect=fatal). */
    ALIGNMENT_CHECK("alignment check", 7, "misaligned access with alignment checking on, or a split lock"),
    /** #BP, a breakpoint instruction with no debugger attached. */
    INT3("int3", 5, "breakpoint instruction (int3) with no debugger attached"),
    /** A fault on {@code IRET} back to user mode (x86_32). */
    IRET_EXCEPTION("iret exception", 4, "fault while returning to user mode (IRET)");

    private final String kernelName;
    private final int signal;
    private final String meaning;

    X86Trap(String kernelName, int signal, String meaning) {
        this.kernelName = kernelName;
        this.signal = signal;
        this.meaning = meaning;
    }

    /** The name as the kernel prints it after {@code trap }. */
    public String kernelName() {
        return kernelName;
    }

    /** The signal the kernel sends for this trap. */
    public int signal() {
        return signal;
    }

    /** What the trap means, for a person. */
    public String meaning() {
        return meaning;
    }

    /** The trap a name from a log line stands for; empty when the name is not one we know. */
    public static Optional<X86Trap> fromPrintedName(String printedName) {
        String name = printedName.replace('_', ' ').toLowerCase(Locale.ROOT);
        for (X86Trap trap : values()) {
            if (trap.kernelName.toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(trap);
            }
        }
        return Optional.empty();
    }

    /** The signal for a trap name from a log line; empty when the name is not one we know. */
    public static OptionalInt signalFor(String printedName) {
        return fromPrintedName(printedName).map(trap -> OptionalInt.of(trap.signal)).orElse(OptionalInt.empty());
    }
}
