package dev.whokilled.cli;

import dev.whokilled.cli.input.Input;
import dev.whokilled.cli.input.KmsgRing;
import dev.whokilled.cli.input.LiveKernelLog;
import dev.whokilled.cli.render.ExplanationWriter;
import dev.whokilled.cli.render.GapText;
import dev.whokilled.cli.render.Terminal;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.proc.ProcFileParsers;
import dev.whokilled.rules.proc.ProcStat;
import dev.whokilled.rules.proc.StatOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code whokilled explain PID}: the full story of a pid's death, from the agent's store or the kernel log. */
@Command(name = "explain", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        header = "Explain how a process died: who or what killed it, and why.",
        description = {
            "Every recorded death of PID (a pid is reused: newest first), with the evidence: the exit the "
                    + "agent saw, the fatal signals and their senders, the kernel's OOM report or fault line. When the "
                    + "store has nothing, the live kernel log is searched instead (and the journal's, when the "
                    + "kernel's ring buffer has lost the start of the boot), and the output says so. A process "
                    + "that is still a zombie (<defunct>) is already dead: the parent that has not reaped it is named.",
            "",
            "On a terminal, the output goes through a pager ($WHOKILLED_PAGER, $SYSTEMD_PAGER, $PAGER or less) "
                    + "unless --no-pager; the answer lines are bold unless NO_COLOR is set.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled explain 4242",
            "  whokilled explain 4242 --at '2026-11-22 03:12'   the death nearest that time",
            "  whokilled explain 4242 -o json-pretty",
        })
final class ExplainCommand implements Callable<Integer>, Pager.Paged {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", description = "The process id.")
    int pid;

    @Option(names = "--at", paramLabel = "TIME", description = "Only the death nearest TIME (ISO-8601, 'today', '2h ago').")
    String at;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    Pager.Option pager = new Pager.Option();

    @Mixin
    StoreOption store = new StoreOption();

    private final Environment env;

    ExplainCommand(Environment env) {
        this.env = env;
    }

    @Override
    public boolean wantsPager() {
        return !pager.noPager;
    }

    @Override
    public Integer call() {
        if (pid <= 0) {
            throw CliException.usage("PID must be positive, got " + pid);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExplanationWriter writer = output.writer(out, () -> ExplanationWriter.text(out, false, env.colour()));
        zombie().ifPresent(out::println);
        Optional<Instant> near = Optional.ofNullable(at).map(t -> new TimeSpec(env.clock()).parse("--at", t));
        List<Death> deaths = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        String storeProblem = null;
        try {
            gaps.addAll(StoreAnalysis.scanPid(store.directory(), pid, d -> {
                if (d.termination().subject().pid().equals(OptionalInt.of(pid))) {
                    deaths.add(d);
                }
            }).gaps());
        } catch (CliException e) {
            storeProblem = e.getMessage();
        }
        List<Death> chosen = choose(deaths, near);
        chosen.forEach(writer::write);
        out.flush();
        if (!chosen.isEmpty()) {
            GapText.report(err, overlapping(gaps, chosen));
            return ExitCodes.ANSWERED;
        }
        err.println("whokilled: pid " + pid + " is not in the agent's store"
                + (storeProblem != null ? " (" + storeProblem + ")" : "") + "; searching this boot's kernel log instead.");
        GapText.report(err, gaps);
        List<Termination> fromLog = fromKernelLog(err);
        fromLog.forEach(writer::write);
        out.flush();
        if (fromLog.isEmpty()) {
            err.println("whokilled: no record of pid " + pid + " dying, in the store or the kernel log.");
            return ExitCodes.NOTHING_FOUND;
        }
        return ExitCodes.ANSWERED;
    }

    /** Newest first; with --at, only the death nearest that time. */
    private static List<Death> choose(List<Death> deaths, Optional<Instant> near) {
        Comparator<Death> byTime = Comparator.comparing(d -> d.termination().when().wallTime()
                .map(w -> w.instant()).orElse(Instant.EPOCH));
        if (near.isEmpty()) {
            return deaths.stream().sorted(byTime.reversed()).toList();
        }
        return deaths.stream().min(Comparator.comparing(d -> Duration.between(near.get(), d.termination().when()
                .wallTime().map(w -> w.instant()).orElse(Instant.EPOCH)).abs())).stream().toList();
    }

    /** The gaps within ten minutes of a shown death: what the agent may have missed around it. */
    private static List<Gap> overlapping(List<Gap> gaps, List<Death> deaths) {
        return gaps.stream().filter(g -> deaths.stream().anyMatch(d -> d.termination().when().wallTime()
                .map(w -> !w.instant().isBefore(g.from().minusSeconds(600)) && !w.instant().isAfter(g.to().plusSeconds(600)))
                .orElse(false))).toList();
    }

    /**
     * This boot's kernel log: {@code /dev/kmsg} (or the journal when it cannot be read); when the ring buffer no longer
     * holds the start of the boot and the pid is not in what it holds, the journal's kernel records of the boot too.
     */
    private List<Termination> fromKernelLog(PrintWriter err) {
        LiveKernelLog log = new LiveKernelLog(env.kmsg(), env.proc(), env.clock());
        try {
            Input live = log.open(OptionalInt.empty());
            List<Termination> found = KernelLogAnalysis.deathsOf(live, pid, env.clock());
            Optional<KmsgRing.LostStart> lost = found.isEmpty() ? live.ring().flatMap(KmsgRing::lostStart) : Optional.empty();
            if (lost.isPresent()) {
                err.println("whokilled: " + lost.get().sentence() + "; searching the journal's kernel records of this"
                        + " boot.");
                found = KernelLogAnalysis.deathsOf(log.open(OptionalInt.of(0)), pid, env.clock());
            }
            return found;
        } catch (CliException e) {
            err.println("whokilled: " + e.getMessage());
            return List.of();
        }
    }

    /** A zombie is already dead: say so, and name the parent that has not reaped it. */
    private Optional<String> zombie() {
        Optional<ProcStat> stat = stat(pid);
        if (stat.isEmpty() || stat.get().state() != 'Z') {
            return Optional.empty();
        }
        ProcStat z = stat.get();
        String parent = stat(z.ppid()).map(p -> Terminal.escape(p.comm()) + " (pid " + z.ppid() + ")")
                .orElse("pid " + z.ppid());
        return Optional.of(Terminal.escape(z.comm()) + " (pid " + pid + ") is already dead: it is a zombie (<defunct>) that its"
                + " parent " + parent + " has not reaped with wait(). A container whose PID 1 is not an init (tini,"
                + " dumb-init, --init) is the usual culprit; the parent's exit, or a wait() in it, removes the zombie.");
    }

    private Optional<ProcStat> stat(int p) {
        try {
            StatOutcome o = ProcFileParsers.parseStat(Files.readString(Path.of("/proc", Integer.toString(p), "stat")));
            return o instanceof StatOutcome.Parsed parsed ? Optional.of(parsed.stat()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
