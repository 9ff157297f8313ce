package dev.whokilled.rules.signal;

import java.util.List;
import java.util.Optional;

/**
 * The standard Linux signals 1-31, with the kernel's default action and who sends them in practice. Immutable and
 * thread-safe.
 *
 * <p>The numbers are those of x86-64 and aarch64 (and of most other Linux architectures: arm, riscv, s390, powerpc);
 * MIPS, SPARC and Alpha number several signals differently (on all three, 10 is SIGBUS), so a number captured on such
 * a host must not be decoded with this table. Each constant's javadoc is signal(7)'s description.
 */
public enum Signal implements AnySignal {
    /** Hangup detected on controlling terminal or death of controlling process. */
    SIGHUP(1, DefaultAction.TERM, "Hangup: its terminal or session went away; daemons use it as a reload request.",
            List.of("the terminal closing or the ssh session ending (the kernel, via the session leader)",
                    "a reload request (systemctl reload, kill -HUP) to a process without a handler")),
    /** Interrupt from keyboard. */
    SIGINT(2, DefaultAction.TERM, "Interrupt from the keyboard: Ctrl+C.",
            List.of("Ctrl+C in its terminal", "kill -INT", "a supervisor configured to stop with SIGINT")),
    /** Quit from keyboard. */
    SIGQUIT(3, DefaultAction.CORE, "Quit from the keyboard: Ctrl+\\; terminates with a core dump (the JVM prints a thread dump instead).",
            List.of("Ctrl+\\ in its terminal", "kill -QUIT (e.g. asking a JVM for a thread dump)")),
    /** Illegal Instruction. */
    SIGILL(4, DefaultAction.CORE, "Illegal instruction: the CPU could not execute the code (built for a newer CPU, or corrupted).",
            List.of("the kernel, for a fault in the process itself")),
    /** Trace/breakpoint trap. */
    SIGTRAP(5, DefaultAction.CORE, "Trace/breakpoint trap: a breakpoint hit with no debugger attached.",
            List.of("the kernel, for a breakpoint instruction in the process itself", "a debugger")),
    /** Abort signal from abort(3). */
    SIGABRT(6, DefaultAction.CORE, "Abort: the process gave up on itself (abort(), failed assert, heap corruption detected).",
            List.of("the process itself: abort(), a failed assert(), glibc heap-corruption checks, an uncaught C++ exception"),
            "SIGIOT"),
    /** Bus error (bad memory access). */
    SIGBUS(7, DefaultAction.CORE, "Bus error: bad memory access, often to a memory-mapped file that was truncated.",
            List.of("the kernel, for a fault in the process itself")),
    /** Floating-point exception. */
    SIGFPE(8, DefaultAction.CORE, "Arithmetic fault: usually an integer division by zero.",
            List.of("the kernel, for a fault in the process itself")),
    /** Kill signal. */
    SIGKILL(9, DefaultAction.TERM, "Kill: ends the process at once; it cannot be caught, blocked or ignored.",
            List.of("the kernel OOM killer", "kill -9",
                    "a supervisor escalating after a stop timeout (systemd, Kubernetes, docker stop)", "docker kill")),
    /** User-defined signal 1. */
    SIGUSR1(10, DefaultAction.TERM, "User-defined signal 1: means whatever the application says; fatal if it has no handler.",
            List.of("a cooperating process or an operator (kill -USR1), e.g. to rotate logs")),
    /** Invalid memory reference. */
    SIGSEGV(11, DefaultAction.CORE, "Segmentation fault: invalid memory access, a bug in the process or a library it loaded.",
            List.of("the kernel, for a fault in the process itself")),
    /** User-defined signal 2. */
    SIGUSR2(12, DefaultAction.TERM, "User-defined signal 2: means whatever the application says; fatal if it has no handler.",
            List.of("a cooperating process or an operator (kill -USR2)")),
    /** Broken pipe: write to pipe with no readers; see pipe(7). */
    SIGPIPE(13, DefaultAction.TERM, "Broken pipe: it wrote to a pipe or socket whose reader had gone away.",
            List.of("the kernel, when the reader of a pipe or socket went away (e.g. 'cmd | head')")),
    /** Timer signal from alarm(2). */
    SIGALRM(14, DefaultAction.TERM, "Alarm clock: a timer set with alarm(2) or setitimer(2) expired.",
            List.of("the kernel, for a timer the process set itself")),
    /** Termination signal. */
    SIGTERM(15, DefaultAction.TERM, "Termination request: the polite way to stop a process; it may clean up and exit.",
            List.of("kill (its default signal)", "systemctl stop", "docker stop", "Kubernetes pod termination",
                    "userspace OOM killers (earlyoom's first try)")),
    /** Stack fault on coprocessor (unused). */
    SIGSTKFLT(16, DefaultAction.TERM, "Stack fault on coprocessor: unused by the kernel; only sent explicitly.",
            List.of()),
    /** Child stopped or terminated. */
    SIGCHLD(17, DefaultAction.IGN, "Child stopped or terminated: a notification to the parent; ignored by default.",
            List.of("the kernel, to the parent of a child that exited or stopped"),
            "SIGCLD"),
    /** Continue if stopped. */
    SIGCONT(18, DefaultAction.CONT, "Continue: resumes a stopped process.",
            List.of("fg or bg in a shell", "kill -CONT", "systemd, right after SIGTERM, so that a stopped process can act on it")),
    /** Stop process. */
    SIGSTOP(19, DefaultAction.STOP, "Stop: pauses the process; it cannot be caught, blocked or ignored.",
            List.of("kill -STOP", "a debugger or tracer")),
    /** Stop typed at terminal. */
    SIGTSTP(20, DefaultAction.STOP, "Terminal stop: Ctrl+Z; pauses the process until SIGCONT.",
            List.of("Ctrl+Z in its terminal")),
    /** Terminal input for background process. */
    SIGTTIN(21, DefaultAction.STOP, "A background process tried to read from its terminal; it is paused.",
            List.of("the kernel, for a background job reading from the terminal")),
    /** Terminal output for background process. */
    SIGTTOU(22, DefaultAction.STOP, "A background process tried to write to its terminal (with 'stty tostop'); it is paused.",
            List.of("the kernel, for a background job writing to the terminal")),
    /** Urgent condition on socket (4.2BSD). */
    SIGURG(23, DefaultAction.IGN, "Urgent data on a socket; ignored by default (the Go runtime uses it to preempt goroutines).",
            List.of("the kernel, for out-of-band socket data", "the Go runtime, to itself")),
    /** CPU time limit exceeded (4.2BSD); see setrlimit(2). */
    SIGXCPU(24, DefaultAction.CORE, "CPU time limit exceeded: it used more CPU seconds than RLIMIT_CPU (ulimit -t) allows.",
            List.of("the kernel, when RLIMIT_CPU is exceeded")),
    /** File size limit exceeded (4.2BSD); see setrlimit(2). */
    SIGXFSZ(25, DefaultAction.CORE, "File size limit exceeded: it wrote past RLIMIT_FSIZE (ulimit -f).",
            List.of("the kernel, when RLIMIT_FSIZE is exceeded")),
    /** Virtual alarm clock (4.2BSD). */
    SIGVTALRM(26, DefaultAction.TERM, "Virtual timer expired: a setitimer(ITIMER_VIRTUAL) timer the process set.",
            List.of("the kernel, for a timer the process set itself")),
    /** Profiling timer expired. */
    SIGPROF(27, DefaultAction.TERM, "Profiling timer expired: used by profilers; fatal if none is installed.",
            List.of("the kernel, for a profiling timer (gprof, perf tools, language profilers)")),
    /** Window resize signal (4.3BSD, Sun). */
    SIGWINCH(28, DefaultAction.IGN, "Terminal window resized; ignored by default.",
            List.of("the kernel, when its terminal is resized")),
    /** I/O now possible (4.2BSD). */
    SIGIO(29, DefaultAction.TERM, "I/O possible on a descriptor set up for signal-driven I/O.",
            List.of("the kernel, for signal-driven I/O (O_ASYNC)"),
            "SIGPOLL"),
    /** Power failure (System V). */
    SIGPWR(30, DefaultAction.TERM, "Power failure: sent by UPS daemons; systemd and init treat it as a power-fail event.",
            List.of("a UPS monitoring daemon")),
    /** Bad system call (SVr4); see also seccomp(2). */
    SIGSYS(31, DefaultAction.CORE, "Bad system call: a seccomp filter forbade a system call it made.",
            List.of("the kernel, for a seccomp filter (systemd SystemCallFilter=, Docker/Kubernetes seccomp profiles)"));

    private static final Signal[] BY_NUMBER = new Signal[32];

    static {
        for (Signal s : values()) {
            BY_NUMBER[s.number] = s;
        }
    }

    private final int number;
    private final DefaultAction defaultAction;
    private final String meaning;
    private final List<String> usualSenders;
    private final List<String> aliases;

    Signal(int number, DefaultAction defaultAction, String meaning, List<String> usualSenders, String... aliases) {
        this.number = number;
        this.defaultAction = defaultAction;
        this.meaning = meaning;
        this.usualSenders = usualSenders;
        this.aliases = List.of(aliases);
    }

    /** The standard signal with this number, or empty outside 1-31. */
    public static Optional<Signal> fromNumber(int number) {
        return number >= 1 && number <= 31 ? Optional.of(BY_NUMBER[number]) : Optional.empty();
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String signalName() {
        return name();
    }

    @Override
    public DefaultAction defaultAction() {
        return defaultAction;
    }

    @Override
    public boolean catchable() {
        return this != SIGKILL && this != SIGSTOP;
    }

    @Override
    public String meaning() {
        return meaning;
    }

    @Override
    public List<String> usualSenders() {
        return usualSenders;
    }

    /** Other names glibc accepts for the same number: SIGIOT (6), SIGCLD (17), SIGPOLL (29). */
    public List<String> aliases() {
        return aliases;
    }
}
