package dev.whokilled.rules.fault;

import dev.whokilled.rules.evidence.FaultKind;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one kernel-log record that reports a process killed for a fault (segfault, general protection fault, trap,
 * fatal signal, audit abnormal end) into a {@link KernelFault}. Stateless and thread-safe.
 *
 * <p>A record whose {@link dev.whokilled.rules.record.Origin origin} is userspace never yields a fault: any local root
 * process can write {@code victim[1]: segfault at 0 …} into {@code /dev/kmsg}, and the kernel then files it under a
 * userspace facility. Records of unverified origin (plain {@code dmesg}, syslog files) are parsed; the record keeps
 * its origin, so the explanation can say how far to trust it.
 *
 * <p>The task name ({@code comm}, up to 15 bytes) is printed raw and may contain spaces, brackets and colons, so each
 * pattern anchors on the last {@code [pid]: segfault at } (or {@code [pid] trap }, …) in the line, never the first.
 *
 * <p>Lines and sources, all x86 unless said:
 * <ul>
 *   <li>{@code comm[pid]: segfault at ADDR ip IP sp SP error CODE in FILE[…]}, {@code arch/x86/mm/fault.c}
 *       {@code show_signal_msg} (2.6.x-6.x; {@code %px} since 4.15's pointer hashing; the {@code FILE[OFFSET,START+SIZE]}
 *       form and the {@code likely on CPU N (core N, socket N)} suffix are 6.x additions, both in the 6.18 capture,
 *       older kernels print {@code FILE[START+SIZE]}). SIGSEGV.</li>
 *   <li>{@code traps: comm[pid] general protection fault ip:… sp:… error:0 in …} and the older
 *       {@code comm[pid] general protection ip:…} ({@code arch/x86/kernel/traps.c}; {@code traps: } is the
 *       {@code pr_fmt} prefix of 3.x and later). SIGSEGV.</li>
 *   <li>{@code traps: comm[pid] trap NAME ip:… sp:… error:… in …} ({@code do_trap}); the signal comes from
 *       {@link X86Trap}, and an unknown trap name yields no signal.</li>
 *   <li>{@code comm/pid: potentially unexpected fatal signal N.} ({@code kernel/signal.c} {@code print_fatal_signal},
 *       printed with {@code print-fatal-signals=1}, any architecture, 2.6.x-3.x). Later kernels print
 *       {@code potentially unexpected fatal signal N.} and, since 2023, {@code EXE: comm: potentially unexpected
 *       fatal signal N.}: neither names the pid (it follows on the {@code CPU: N PID: N Comm: …} line of the register
 *       dump), so a single record cannot make a {@link KernelFault} of them and this parser leaves them out.</li>
 *   <li>{@code audit: type=1701 audit(…): … pid=N comm="x" exe="…" sig=N res=1}, see {@link AuditAbend}.</li>
 * </ul>
 * arm64 prints {@code comm[pid]: unhandled exception …} / {@code unhandled … fault} lines from several functions whose
 * formats changed between releases; they are not parsed yet.
 */
public final class KernelFaultParser {
    private static final int SIGSEGV = 11;

    private static final String HEX = "([0-9a-f]{1,16})";
    private static final Pattern SEGFAULT = Pattern.compile(
            "(?<comm>.*)\\[(?<pid>\\d{1,10})\\]: segfault at (?<addr>[0-9a-f]{1,16}) ip " + HEX + " sp " + HEX
                    + " error (?<err>[0-9a-f]{1,16})(?<rest>.*)", Pattern.DOTALL);
    private static final Pattern GENERAL_PROTECTION = Pattern.compile(
            "(?:traps: )?(?<comm>.*)\\[(?<pid>\\d{1,10})\\] general protection(?: fault)? ip:" + HEX + " sp:" + HEX
                    + " error:" + HEX + "(?<rest>.*)", Pattern.DOTALL);
    private static final Pattern TRAP = Pattern.compile(
            "(?:traps: )?(?<comm>.*)\\[(?<pid>\\d{1,10})\\] trap (?<trap>[^\\[\\]]+?) ip:" + HEX + " sp:" + HEX
                    + " error:" + HEX + "(?<rest>.*)", Pattern.DOTALL);
    private static final Pattern FATAL_SIGNAL = Pattern.compile(
            "(?<comm>.*)/(?<pid>\\d{1,10}): potentially unexpected fatal signal (?<sig>\\d{1,2})\\.", Pattern.DOTALL);
    /** The 6.x suffix, which says on which CPU the fault ran, not where the code was. */
    private static final Pattern CPU_SUFFIX = Pattern.compile(" likely on CPU \\d+ \\(core \\d+, socket \\d+\\)$");

    private KernelFaultParser() {
    }

    /** The fault the record reports, or empty when it reports none, is malformed, or was written by a process. */
    public static Optional<KernelFault> parse(KernelRecord record) {
        if (!record.origin().mayBeKernel()) {
            return Optional.empty();
        }
        String message = record.message();
        if (message.contains("segfault at ")) {
            return segfault(message, record);
        }
        if (message.contains("] general protection")) {
            return generalProtection(message, record);
        }
        if (message.contains("] trap ")) {
            return trap(message, record);
        }
        if (message.contains("potentially unexpected fatal signal ")) {
            return fatalSignal(message, record);
        }
        if (message.contains("type=1701 ")) {
            return AuditAbend.parse(message).map(abend -> new KernelFault(FaultKind.AUDIT_ABEND, abend.pid(),
                    abend.comm(), abend.signal(), abend.uid(), describe(abend), "", List.of(record)));
        }
        return Optional.empty();
    }

    private static Optional<KernelFault> segfault(String message, KernelRecord record) {
        Matcher m = SEGFAULT.matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        OptionalInt pid = Numbers.pid(m.group("pid"));
        OptionalLong address = Numbers.hex(m.group("addr"));
        OptionalLong error = Numbers.hex(m.group("err"));
        if (pid.isEmpty() || address.isEmpty() || error.isEmpty()) {
            return Optional.empty();
        }
        String description = new PageFaultError(error.getAsLong()).describe(address.getAsLong());
        return Optional.of(new KernelFault(FaultKind.SEGFAULT, pid.getAsInt(), m.group("comm"), OptionalInt.of(SIGSEGV),
                OptionalLong.empty(), description, location(m.group("rest")), List.of(record)));
    }

    private static Optional<KernelFault> generalProtection(String message, KernelRecord record) {
        Matcher m = GENERAL_PROTECTION.matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        OptionalInt pid = Numbers.pid(m.group("pid"));
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new KernelFault(FaultKind.GENERAL_PROTECTION, pid.getAsInt(), m.group("comm"),
                OptionalInt.of(SIGSEGV), OptionalLong.empty(),
                "general protection fault (the CPU refused the access outright: typically a corrupted or"
                        + " non-canonical pointer)", location(m.group("rest")), List.of(record)));
    }

    private static Optional<KernelFault> trap(String message, KernelRecord record) {
        Matcher m = TRAP.matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        OptionalInt pid = Numbers.pid(m.group("pid"));
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        String name = m.group("trap");
        Optional<X86Trap> trap = X86Trap.fromPrintedName(name);
        String description = trap.map(X86Trap::meaning)
                .orElse("trap '" + name + "' (not one we know; the signal it sends is unknown)");
        OptionalInt signal = trap.map(t -> OptionalInt.of(t.signal())).orElse(OptionalInt.empty());
        return Optional.of(new KernelFault(FaultKind.TRAP, pid.getAsInt(), m.group("comm"), signal, OptionalLong.empty(),
                description, location(m.group("rest")), List.of(record)));
    }

    private static Optional<KernelFault> fatalSignal(String message, KernelRecord record) {
        Matcher m = FATAL_SIGNAL.matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        OptionalInt pid = Numbers.pid(m.group("pid"));
        int signal = Integer.parseInt(m.group("sig"));
        if (pid.isEmpty() || signal < 1 || signal > 64) {
            return Optional.empty();
        }
        return Optional.of(new KernelFault(FaultKind.UNEXPECTED_FATAL_SIGNAL, pid.getAsInt(), m.group("comm"),
                OptionalInt.of(signal), OptionalLong.empty(),
                "fatal signal " + signal + " with no handler (reported because print-fatal-signals is on)", "",
                List.of(record)));
    }

    /**
     * {@code print_vma_addr}'s {@code "in FILE[…]"} from the tail of a line, without the CPU suffix; {@code ""} when
     * nothing was printed. Unknown trailing text is kept rather than rejected, so a new suffix in a later kernel
     * does not make a crash vanish.
     */
    private static String location(String rest) {
        return CPU_SUFFIX.matcher(rest).replaceFirst("").strip();
    }

    private static String describe(AuditAbend abend) {
        String signal = abend.signal().isPresent() ? "signal " + abend.signal().getAsInt() : "an unnamed signal";
        return "abnormal end by " + signal + " (audit ANOM_ABEND)" + abend.exe().map(exe -> ", exe " + exe).orElse("");
    }
}
