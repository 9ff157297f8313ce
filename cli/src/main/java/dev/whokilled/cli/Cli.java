package dev.whokilled.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The root command and the one place the command line is wired: used by {@link Main} and by tests.
 * Not thread-safe (picocli's {@code CommandLine} is not).
 */
@Command(name = "whokilled",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Who killed my process, and why?",
            "",
            "Explains process deaths on Linux from the kernel's own records: "
                    + "OOM kills, crashes, signals. Start with 'whokilled analyze'.",
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            AnalyzeCommand.class,
            ListCommand.class,
            ExplainCommand.class,
            WatchCommand.class,
            AgentCommand.class,
            DoctorCommand.class,
            RunCommand.class,
            AutoComplete.GenerateCompletion.class,
            DecodeCommand.class,
            SignalsCommand.class,
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled analyze               every death in this boot's kernel log",
            "  whokilled analyze kern.log.gz   the deaths in a log from another host",
            "  whokilled decode 137            what does exit status 137 mean?",
            "  whokilled signals               the signal table, with meanings",
        })
public final class Cli implements Runnable {
    @Option(names = {"-v", "--verbose"}, description = "Print stack traces of unexpected errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'whokilled analyze' or 'whokilled --help'");
    }

    /** Builds the command line for this machine; {@code main} uses it. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(out, err, Environment.system());
    }

    /** Builds the command line with its streams, environment and exit-code handling; tests use it directly. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Environment env) {
        Cli root = new Cli();
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        // Commands that touch the machine get the environment; the rest are built by picocli.
        Map<Class<?>, Supplier<Object>> withEnvironment = Map.of(
                AnalyzeCommand.class, () -> new AnalyzeCommand(env),
                ListCommand.class, () -> new ListCommand(env),
                ExplainCommand.class, () -> new ExplainCommand(env),
                RunCommand.class, () -> new RunCommand(env),
                AgentCommand.class, () -> new AgentCommand(env));
        CommandLine cmd = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Supplier<Object> make = withEnvironment.get(type);
                return make != null ? type.cast(make.get()) : defaults.create(type);
            }
        });
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpAutoWidth(true);
        ExitCodes.documentIn(cmd);
        cmd.setExecutionStrategy(parsed -> Pager.around(parsed, env, () -> new CommandLine.RunLast().execute(parsed)));
        cmd.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("whokilled: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof CliException user) {
                e.println("whokilled: " + user.getMessage());
                if (root.verbose && user.getCause() != null) {
                    user.getCause().printStackTrace(e);
                }
                return user.exitCode();
            }
            e.println("whokilled: internal error: " + ex + (root.verbose ? "" : " (run with -v for details)"));
            if (root.verbose) {
                ex.printStackTrace(e);
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        return cmd;
    }
}
