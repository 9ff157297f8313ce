package dev.whokilled.cli;

import dev.whokilled.agent.store.StoreInventory;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.cli.input.LiveKernelLog;
import dev.whokilled.cli.render.ExplanationWriter;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.exit.ShellStatusDecoder;
import dev.whokilled.rules.explain.Termination;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code whokilled run -- CMD...}: runs a command, passes on the signals meant for it, and when it
 * dies by a signal says why on stderr; exits with the command's status as a shell would.
 */
@Command(name = "run", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        header = "Run a command; if it dies by a signal, say who or what killed it.",
        description = {
            "Runs CMD with this terminal, passes SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 sent to whokilled on to it "
                    + "(Ctrl+C reaches it directly), and exits with its status as a shell would (137 for SIGKILL). "
                    + "When it dies by a signal, the explanation goes to stderr: from the agent's store when an agent "
                    + "is writing to it (waiting up to 2 s for the agent to store the death), with the sender of the "
                    + "signal; else from the kernel log (an OOM kill, a crash) read as soon as it died, or what the "
                    + "signal means and what the log cannot show. Reading the kernel log needs root "
                    + "(kernel.dmesg_restrict=1). With -o json, the explanation is one JSON object on stderr.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled run -- ./train.py --epochs 10",
            "  whokilled run -- java -Xmx2g -jar app.jar",
            "  whokilled run --store /tmp/wk -- ./job.sh   store of 'agent --store /tmp/wk'",
        })
final class RunCommand implements Callable<Integer> {
    /** Signals sent to whokilled that are meant for the command (INT comes from the terminal to both). */
    private static final List<String> FORWARDED = List.of("TERM", "HUP", "USR1", "USR2");
    /** How long to wait for a running agent to store the death: it stores an exit about 300 ms after it. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(2);
    private static final Duration STORE_POLL = Duration.ofMillis(200);
    /** Slack for clocks when matching a stored death to this run: it died after the run started. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    private final Environment env;

    RunCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Instant started = env.clock().instant();
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new CliException(127, command.get(0) + ": cannot run: " + e.getMessage());
        }
        Map<Signal, SignalHandler> previous = forwardSignals(child);
        int status = waitFor(child);
        previous.forEach(Signal::handle);
        // Java reports a death by signal N as 128+N, as a shell does; an exit(137) looks the same.
        if (status > 128 && status <= 128 + 64) {
            if (!explainFromStore(child.pid(), started)) {
                explain(child.pid(), status, started);
            }
        }
        return status;
    }

    /** Installs the handlers for the child's lifetime; returns the ones they replace. */
    private static Map<Signal, SignalHandler> forwardSignals(Process child) {
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        Signal interrupt = new Signal("INT");
        previous.put(interrupt, Signal.handle(interrupt, s -> {
            // the terminal sends Ctrl+C to the whole foreground group: the command gets it directly
        }));
        for (String name : FORWARDED) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, s -> send(child, name)));
        }
        return previous;
    }

    private static void send(Process child, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            child.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int waitFor(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the command decides when it ends
            }
        }
    }

    /**
     * When an agent is writing to the store, waits (bounded) for it to store this death and prints
     * its explanation; false when no agent runs or it stored nothing in time (the caller falls back).
     */
    private boolean explainFromStore(long pid, Instant started) {
        PrintWriter err = spec.commandLine().getErr();
        Path dir;
        try {
            dir = store.directory();
        } catch (CliException e) {
            return false;
        }
        OptionalLong agent = runningAgent(dir);
        if (agent.isEmpty()) {
            return false;
        }
        long deadline = System.nanoTime() + STORE_WAIT.toNanos();
        while (true) {
            Optional<Death> death;
            try {
                death = storedDeath(dir, pid, started);
            } catch (CliException e) {
                err.println("whokilled: " + e.getMessage() + "; reading the kernel log instead.");
                return false;
            }
            if (death.isPresent()) {
                err.println();
                explanations(err).write(death.get());
                err.flush();
                return true;
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            sleep(STORE_POLL);
        }
        err.println("whokilled: the agent (pid " + agent.getAsLong() + ") stored no death of pid " + pid + " within "
                + STORE_WAIT.toSeconds() + " s (whokilled doctor --store " + dir + " says which sources it has);"
                + " reading the kernel log instead.");
        return false;
    }

    /** The pid of the agent writing to the store in {@code dir}: the lock file's pid, when that process runs. */
    static OptionalLong runningAgent(Path dir) {
        try {
            OptionalLong pid = StoreInventory.of(dir).lockPid();
            return pid.isPresent() && Files.isDirectory(Path.of("/proc", Long.toString(pid.getAsLong()))) ? pid
                    : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty(); // no store, or not ours to read: the kernel log it is
        }
    }

    /** The newest stored death of {@code pid} at or after {@code started} (less clock slack): this run's command. */
    static Optional<Death> storedDeath(Path dir, long pid, Instant started) {
        Instant since = started.minus(SLACK);
        List<Death> found = new ArrayList<>();
        StoreAnalysis.scan(dir, new TimeWindow(Optional.of(since), Optional.empty()), d -> {
            if (d.termination().subject().pid().equals(OptionalInt.of((int) pid)) && !time(d).isBefore(since)) {
                found.add(d);
            }
        });
        return found.stream().max(java.util.Comparator.comparing(RunCommand::time));
    }

    /** When the death was observed: the exit the agent saw, else the kernel record's time. */
    private static Instant time(Death d) {
        return d.exit().map(e -> e.observedAt())
                .or(() -> d.termination().when().wallTime().map(w -> w.instant())).orElse(Instant.EPOCH);
    }

    /** On stderr: the command's output is on stdout. */
    private ExplanationWriter explanations(PrintWriter err) {
        return output.writer(err, () -> ExplanationWriter.text(err, false, false));
    }

    private static void sleep(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * From the live kernel log: the newest death of {@code pid} since {@code started} (less clock slack), so that an
     * earlier process with the same pid, in a log that covers the whole boot, is not taken for this run's command.
     */
    private void explain(long pid, int status, Instant started) {
        PrintWriter err = spec.commandLine().getErr();
        List<Termination> found = List.of();
        String why;
        try {
            Instant since = started.minus(SLACK);
            found = KernelLogAnalysis.deathsOf(new LiveKernelLog(env.kmsg(), env.proc(), env.clock())
                    .open(OptionalInt.empty()), (int) pid, env.clock()).stream()
                    .filter(t -> t.when().wallTime().map(w -> !w.instant().isBefore(since)).orElse(false)).toList();
            why = "the kernel log has no OOM kill or fault record for it, so a process sent the signal (perhaps the"
                    + " command itself); the kernel log cannot say which, the whokilled agent records it";
        } catch (CliException e) {
            why = "the kernel log could not be read (" + e.getMessage() + ")";
        }
        err.println();
        if (!found.isEmpty()) {
            explanations(err).write(found.get(found.size() - 1));
            err.flush();
            return;
        }
        err.println("whokilled: " + String.join(" ", command) + " (pid " + pid + ") ended with status " + status + ": "
                + ShellStatusDecoder.decode(status).headline());
        err.println("whokilled: " + why + ".");
        err.flush();
    }
}
