package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code main} builds only the subcommand it is asked for, from the model the build wrote: whatever the
 * arguments, that command line must answer exactly as the whole tree does, and as the annotations do
 * (output, errors, exit code).
 */
class CliTest {
    /** Runs without side effects or waiting, per subcommand, beyond {@code --help} and a bad option. */
    private static final Map<String, List<List<String>>> RUNS = Map.of(
            "decode", List.of(List.of("137"), List.of("-o", "json", "137", "9"), List.of("bogus"), List.of(),
                    List.of("analyze")),
            "signals", List.of(List.of(), List.of("KILL"), List.of("SIGFOO"), List.of("--json"), List.of("decode")),
            "explain", List.of(List.of(), List.of("notapid"), List.of("list")),
            "analyze", List.of(List.of("/nonexistent/kern.log"), List.of("--format", "bogus", "-"), List.of("-")),
            "list", List.of(List.of("--store", "/nonexistent/store"), List.of("--cause", "bogus"),
                    List.of("--since", "not a time", "--store", "/nonexistent/store")),
            "run", List.of(List.of()),
            "agent", List.of(List.of("--store")),
            "watch", List.of(List.of("--since", "not a time", "--store", "/nonexistent/store")),
            "doctor", List.of(List.of("-o", "yaml"), List.of("--json", "extra")));

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (String name : Cli.SUBCOMMANDS.keySet()) {
            for (List<String> rest : List.of(List.of("--help"), List.of("-h"), List.of("--version"),
                    List.of("--no-such-option"), List.of("-v", "--no-such-option"))) {
                runs.add(Arguments.of(name, rest));
            }
            RUNS.getOrDefault(name, List.of()).forEach(rest -> runs.add(Arguments.of(name, rest)));
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void newCommandLine_forArguments_answersAsTheWholeTree(String subcommand, List<String> rest) {
        String[] argv = argv(subcommand, rest);

        Run whole = run(Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), environment()), argv);
        Run fast = run(Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), environment(), argv), argv);

        assertEquals(whole, fast);
    }

    /** The model the build wrote ({@link CommandModel}) answers as picocli reading the annotations does. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void newCommandLine_fromTheWrittenModel_answersAsFromTheAnnotations(String subcommand, List<String> rest) {
        String[] argv = argv(subcommand, rest);

        Run annotations = run(Cli.fromAnnotations(new PrintWriter(out), new PrintWriter(err), environment()), argv);
        Run model = run(Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), environment()), argv);

        assertEquals(annotations, model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"decode", "signals", "list", "analyze", "run"})
    void newCommandLine_forASubcommand_buildsThatOneOnly(String subcommand) {
        CommandLine cmd = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), environment(), subcommand);
        assertEquals(List.of(subcommand), List.copyOf(cmd.getSubcommands().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "generate-completion", "bogus", "-v", "--help"})
    void newCommandLine_forTheTreeOrNoSubcommand_buildsTheWholeTree(String first) {
        CommandLine cmd = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), environment(), first, "decode");
        assertEquals(List.copyOf(Cli.SUBCOMMANDS.keySet()), List.copyOf(cmd.getSubcommands().keySet()));
    }

    @Test
    void subcommands_areNamedAsTheirCommandAnnotationsNameThem() {
        CommandLine whole = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), environment());
        whole.getSubcommands().forEach((name, sub) ->
                assertEquals(Cli.SUBCOMMANDS.get(name), sub.getCommand().getClass(), name));
        assertEquals(List.copyOf(Cli.SUBCOMMANDS.keySet()), List.copyOf(whole.getSubcommands().keySet()));
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Run run(CommandLine cmd, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] argv(String subcommand, List<String> rest) {
        List<String> args = new ArrayList<>(List.of(subcommand));
        args.addAll(rest);
        return args.toArray(String[]::new);
    }

    private static Environment environment() {
        return new Environment(Run.CLOCK, new ByteArrayInputStream(new byte[0]), Path.of("/nonexistent/kmsg"));
    }
}
