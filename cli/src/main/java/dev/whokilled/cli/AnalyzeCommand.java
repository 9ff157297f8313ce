package dev.whokilled.cli;

import dev.whokilled.cli.input.Input;
import dev.whokilled.cli.input.KmsgRing;
import dev.whokilled.cli.input.LiveKernelLog;
import dev.whokilled.cli.render.BackgroundWriter;
import dev.whokilled.cli.render.ExplanationWriter;
import dev.whokilled.rules.reader.ReaderOptions;
import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whokilled analyze}: explains every process death in a kernel log. */
@Command(name = "analyze", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Explain every process death in a kernel log (this machine's, or FILE).",
        description = {
            "Explain every process death in a kernel log: OOM kills (with the cgroup, its limit, the task "
                    + "whose allocation triggered it and why this victim was chosen), crashes, and what supervisors "
                    + "and userspace OOM killers logged, oldest first.",
            "",
            "With no FILE, reads this machine's kernel log: /dev/kmsg (this boot; needs root or CAP_SYSLOG "
                    + "when kernel.dmesg_restrict=1), else the journal's kernel records. Earlier boots: --boot -1. "
                    + "FILE may be the output of dmesg, dmesg -T, dmesg -r, a /dev/kmsg dump, kern.log / messages "
                    + "/ syslog, or journalctl (-o short, short-iso, short-precise, json); gzip is unpacked, and "
                    + "'-' reads stdin. The format is detected; give rotated files oldest first.",
            "",
            "Only kernel-facility records count as kernel evidence: a line a process wrote into the "
                    + "kernel log cannot frame anyone. Renderings that drop the facility (plain dmesg, syslog "
                    + "files) are marked 'unverified'.",
            "",
            "On a terminal, the output goes through a pager ($WHOKILLED_PAGER, $SYSTEMD_PAGER, $PAGER or less) "
                    + "unless --no-pager; the answer lines are bold unless NO_COLOR is set.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sudo whokilled analyze                   this boot's deaths (/dev/kmsg)",
            "  sudo whokilled analyze --boot -1         the previous boot's (journal)",
            "  whokilled analyze old.log.gz kern.log    a log bundle from another host",
            "  journalctl -k -o json | whokilled analyze -   from a pipe",
            "  whokilled analyze --cause oom_kill --since '2h ago' -o json kern.log",
            "  whokilled analyze --pid 4242 dmesg.txt   did pid 4242 die here? (exit 1: no)",
        })
final class AnalyzeCommand implements Callable<Integer>, Pager.Paged {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Kernel logs to read ('-' for stdin). Default: this machine's.")
    List<String> files = new ArrayList<>();

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    Pager.Option pager = new Pager.Option();

    @Option(names = "--brief", description = "One line per death: no evidence, no details.")
    boolean brief;

    @Option(names = {"-b", "--boot"}, paramLabel = "N", description = "Read boot N from the journal instead of /dev/kmsg (0 = this boot, -1 = the previous one), as journalctl -b.")
    Integer boot;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Do not detect the format: ${COMPLETION-CANDIDATES}.")
    LogFormat format;

    @Option(names = "--year", paramLabel = "YEAR", description = "Year of classic syslog stamps ('Nov 22 17:02:15' has none). Default: this year.")
    Integer year;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "Zone of renderings that print local time without an offset (default: this machine's, ${DEFAULT-VALUE}).")
    ZoneId zone = ZoneId.systemDefault();

    private final Clock clock;
    private final Path kmsg;
    private final Path proc;
    private final InputStream stdin;
    private final boolean colour;

    AnalyzeCommand(Environment env) {
        this.clock = env.clock();
        this.kmsg = env.kmsg();
        this.proc = env.proc();
        this.stdin = env.stdin();
        this.colour = env.colour();
    }

    @Override
    public boolean wantsPager() {
        return !pager.noPager;
    }

    @Override
    public Integer call() {
        DeathFilter filter = filters.toFilter(clock);
        List<Input> inputs = inputs();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExplanationWriter writer = output.writer(out, () -> ExplanationWriter.text(out, brief, colour));
        int shown = 0;
        int untimed = 0;
        for (Input input : inputs) {
            Tally tally = analyze(input, filter, writer, out, err);
            shown += tally.shown;
            untimed += tally.untimed;
        }
        out.flush();
        if (untimed > 0) {
            err.println("whokilled: " + untimed + " death(s) have no wall time in this rendering and were left out by"
                    + " --since/--until; use --pid/--name instead, or a rendering with times (dmesg -T, journal).");
        }
        if (shown == 0) {
            err.println(filter.isEmpty() ? "whokilled: no process deaths found." : "whokilled: no deaths match the filters.");
            return ExitCodes.NOTHING_FOUND;
        }
        return ExitCodes.ANSWERED;
    }

    /** Counts for the closing line of each input. */
    private static final class Tally {
        int shown;
        int found;
        int untimed;

        String describe(Input input, KernelLogAnalysis.Summary s) {
            return "whokilled: " + input.name() + ": " + found + " death(s) and notice(s) in " + s.lines() + " lines ("
                    + s.format().map(LogFormat::label).orElse("empty") + ")" + (shown != found ? ", " + shown + " shown" : "")
                    + (s.truncated() > 0 ? ", " + s.truncated() + " over-long line(s) cut" : "")
                    + (s.notUnderstood() > 0 ? ", " + s.notUnderstood() + " line(s) not understood" : "");
        }
    }

    private Tally analyze(Input input, DeathFilter filter, ExplanationWriter writer, PrintWriter out, PrintWriter err) {
        Tally tally = new Tally();
        KernelLogAnalysis.Summary summary;
        // Rendering runs on its own thread beside the analysis; closing it waits for the last line.
        try (BackgroundWriter background = new BackgroundWriter(writer)) {
            summary = KernelLogAnalysis.run(input, readerOptions(), e -> {
                tally.found++;
                if (filter.matches(e)) {
                    background.write(e);
                    tally.shown++;
                } else if (filter.hasTimeBounds() && e.when().wallTime().isEmpty()) {
                    tally.untimed++;
                }
            });
        }
        out.flush();
        err.println(tally.describe(input, summary));
        input.ring().flatMap(KmsgRing::lostStart).ifPresent(lost -> err.println("whokilled: " + lost.sentence()
                + ". 'whokilled analyze -b 0' reads the whole boot from the journal."));
        return tally;
    }

    private ReaderOptions readerOptions() {
        ReaderOptions o = ReaderOptions.defaults(zone, year != null ? year : LocalDate.now(clock).getYear());
        return format == null ? o : o.withForcedFormat(format);
    }

    private List<Input> inputs() {
        if (files.isEmpty()) {
            return List.of(new LiveKernelLog(kmsg, proc, clock).open(boot == null ? OptionalInt.empty() : OptionalInt.of(boot)));
        }
        if (boot != null) {
            throw CliException.usage("--boot reads the journal; it cannot be combined with FILE arguments");
        }
        List<Input> inputs = new ArrayList<>();
        for (String f : files) {
            if (f.equals("-")) {
                inputs.add(new Input("stdin", () -> new java.io.FilterInputStream(stdin) {
                    @Override
                    public void close() {
                        // stdin stays open: it is not ours to close
                    }
                }, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
                continue;
            }
            Path p = Path.of(f);
            if (Files.isDirectory(p)) {
                throw CliException.usage(f + ": is a directory; give the log files in it, e.g. " + f + "/kern.log");
            }
            if (!Files.exists(p)) {
                throw CliException.usage(f + ": no such file");
            }
            if (!Files.isReadable(p)) {
                throw CliException.usage(f + ": permission denied");
            }
            notADevice(f, p);
            inputs.add(new Input(f, () -> Files.newInputStream(p), Optional.empty(), Optional.empty(),
                    Files.isRegularFile(p) ? Optional.of(p) : Optional.empty(), Optional.empty()));
        }
        return inputs;
    }

    /**
     * Refuses character and block devices ({@code /dev/zero} would never end); regular files and
     * pipes ({@code <(zcat kern.log.gz)}) are fine. The live log is read without FILE.
     */
    private static void notADevice(String name, Path p) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return;
        }
        int type = mode & 0170000;
        if (type == 0020000 || type == 0060000) {
            throw CliException.usage(name + ": is a device, not a log file (to read this machine's kernel log, give no FILE)");
        }
        if (type == 0140000) {
            throw CliException.usage(name + ": is a socket, not a log file");
        }
    }

}
