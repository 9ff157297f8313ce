package dev.whokilled.cli;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The root command and the one place the command line is wired: used by {@link Main} and by tests.
 * Not thread-safe (picocli's {@code CommandLine} is not).
 */
@Command(name = "whokilled", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Who killed my process, and why?",
            "",
            "Explains process deaths on Linux from the kernel's own records: "
                    + "OOM kills, crashes, signals. Start with 'whokilled analyze'.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled analyze               every death in this boot's kernel log",
            "  whokilled analyze kern.log.gz   the deaths in a log from another host",
            "  whokilled decode 137            what does exit status 137 mean?",
            "  whokilled signals               the signal table, with meanings",
        })
public final class Cli implements Runnable {
    /**
     * The subcommands in the order {@code --help} lists them, by the name each one's {@code @Command}
     * gives (a test checks the two agree). Registered here rather than in {@code @Command(subcommands)}
     * so that a run can build the model of the one it names: picocli builds each by reflection, and
     * building all eleven was most of a cold {@code whokilled decode}'s time (docs/benchmarks.md).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = inOrder(List.of(
            Map.entry("help", CommandLine.HelpCommand.class),
            Map.entry("analyze", AnalyzeCommand.class),
            Map.entry("list", ListCommand.class),
            Map.entry("explain", ExplainCommand.class),
            Map.entry("watch", WatchCommand.class),
            Map.entry("agent", AgentCommand.class),
            Map.entry("doctor", DoctorCommand.class),
            Map.entry("run", RunCommand.class),
            Map.entry("generate-completion", AutoComplete.GenerateCompletion.class),
            Map.entry("decode", DecodeCommand.class),
            Map.entry("signals", SignalsCommand.class)));

    /** Subcommands that act on the whole command tree, so need all of it. */
    private static final Set<String> NEED_THE_TREE = Set.of("help", "generate-completion");

    /**
     * picocli registers converters for java.sql and java.time types by reflection in every command
     * line it builds, loading and initialising ~100 classes (java.time's formatters among them): ~5 ms
     * of a cold {@code whokilled decode}. None is needed but {@link ZoneId}'s, registered in {@link #build}.
     */
    private static final String UNUSED_CONVERTERS = "java\\.(sql|time)\\..*";

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces of unexpected errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'whokilled analyze' or 'whokilled --help'");
    }

    /** Builds the whole command line for this machine. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(out, err, Environment.system());
    }

    /** Builds the whole command line with its streams, environment and exit-code handling. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Environment env) {
        return build(out, err, env, SUBCOMMANDS.values(), CommandModel::of);
    }

    /** The whole command line built from the annotations alone, as picocli reads them: what the command model is written from. */
    static CommandLine fromAnnotations(PrintWriter out, PrintWriter err, Environment env) {
        return build(out, err, env, SUBCOMMANDS.values(), type -> Optional.empty());
    }

    /**
     * Builds the command line to run {@code args}, as {@code main} does: when the first argument names a
     * subcommand, only that subcommand is registered, which parses, fails and helps exactly as in the
     * whole tree ({@code CliTest}); anything else (no subcommand, an option first, an
     * unknown name, {@code help}, {@code generate-completion}) gets the whole tree.
     */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Environment env, String... args) {
        Class<?> named = args.length == 0 || NEED_THE_TREE.contains(args[0]) ? null : SUBCOMMANDS.get(args[0]);
        return build(out, err, env, named == null ? SUBCOMMANDS.values() : List.of(named), CommandModel::of);
    }

    /**
     * @param models a command class's model as the build wrote it, which spares a start reading annotations
     *     (picocli's own help and completion commands have none); empty: from the annotations
     */
    private static CommandLine build(PrintWriter out, PrintWriter err, Environment env, Collection<Class<?>> subcommands,
                                     Function<Class<?>, Optional<CommandModel>> models) {
        System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        Cli root = new Cli();
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        // Commands that touch the machine get the environment; the rest are built by picocli.
        Map<Class<?>, Supplier<Object>> withEnvironment = Map.of(
                AnalyzeCommand.class, () -> new AnalyzeCommand(env),
                ListCommand.class, () -> new ListCommand(env),
                ExplainCommand.class, () -> new ExplainCommand(env),
                RunCommand.class, () -> new RunCommand(env),
                AgentCommand.class, () -> new AgentCommand(env));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Supplier<Object> make = withEnvironment.get(type);
                return make != null ? type.cast(make.get()) : defaults.create(type);
            }
        };
        CommandLine cmd = new CommandLine(models.apply(Cli.class).<Object>map(m -> m.spec(root)).orElse(root), factory);
        for (Class<?> type : subcommands) {
            Optional<CommandModel> model = models.apply(type);
            if (model.isPresent()) {
                CommandSpec spec = model.get().spec(create(factory, type));
                cmd.addSubcommand(spec.name(), spec);
            } else {
                cmd.addSubcommand(type);
            }
        }
        // Settings after the subcommands: picocli applies them to the subcommands present at the time.
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.registerConverter(ZoneId.class, Cli::zone);
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

    private static Object create(CommandLine.IFactory factory, Class<?> type) {
        try {
            return factory.create(type);
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot make the " + type.getSimpleName() + " command: " + e, e);
        }
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + name + "' is not a time zone: give a region (Europe/Berlin, UTC) or an offset (+02:00)");
        }
    }

    /** Not varargs: picocli reads the annotations of every method of a command, and {@code @SafeVarargs} cost a proxy class at start. */
    private static Map<String, Class<?>> inOrder(List<Map.Entry<String, Class<?>>> entries) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> e : entries) {
            byName.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(byName);
    }
}
