package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The model the build wrote ({@link CommandModel}) is the annotations' model: current with the sources, and for
 * every command the same help and the same options, parameters and bindings. {@code CliTest} runs both on the
 * same command lines.
 */
class CommandModelTest {
    @Test
    void theWrittenModel_isCurrent_withTheAnnotations() throws IOException {
        Map<Class<?>, String> texts = WriteCommandModel.texts();
        assertEquals(Cli.SUBCOMMANDS.size() - 1, texts.size(), "the root and every subcommand but picocli's help and"
                + " completion: " + texts.keySet());
        for (Map.Entry<Class<?>, String> model : texts.entrySet()) {
            try (InputStream in = CommandModel.class.getResourceAsStream(CommandModel.resource(model.getKey()))) {
                assertNotNull(in, CommandModel.resource(model.getKey()) + " missing: the build writes it (mvn process-test-classes)");
                assertEquals(model.getValue(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1),
                        model.getKey() + ": the model is stale: rebuild (mvn process-test-classes)");
            }
        }
    }

    static Stream<String> commands() {
        return Stream.concat(Stream.of(""), Cli.SUBCOMMANDS.keySet().stream());
    }

    @ParameterizedTest(name = "whokilled {0}")
    @MethodSource("commands")
    void everyCommand_hasTheAnnotationsHelpAndArguments(String name) {
        CommandSpec annotations = spec(Cli.fromAnnotations(quiet(), quiet(), environment()), name);
        CommandSpec model = spec(Cli.newCommandLine(quiet(), quiet(), environment()), name);

        assertEquals(help(annotations), help(model));
        assertEquals(describe(annotations), describe(model));
    }

    /** Everything about an option or parameter that parsing, help and completion read. */
    private static List<String> describe(CommandSpec spec) {
        List<String> lines = new ArrayList<>(List.of(spec.name(), String.valueOf(spec.versionProvider() == null
                ? null : spec.versionProvider().getClass())));
        for (ArgSpec a : spec.args()) {
            String kind = a instanceof OptionSpec o
                    ? "option " + String.join(",", o.names()) + " usageHelp=" + o.usageHelp() + " versionHelp=" + o.versionHelp()
                    : "positional " + ((PositionalParamSpec) a).index();
            List<String> candidates = new ArrayList<>();
            if (a.completionCandidates() != null) {
                a.completionCandidates().forEach(candidates::add);
            }
            lines.add(kind + " type=" + a.type() + " aux=" + Arrays.toString(a.auxiliaryTypes()) + " arity=" + a.arity()
                    + " label=" + a.paramLabel() + " description=" + Arrays.toString(a.description())
                    + " key=" + a.descriptionKey() + " required=" + a.required() + " scope=" + a.scopeType()
                    + " inherited=" + a.inherited() + " hidden=" + a.hidden() + " initial=" + a.initialValue()
                    + " converters=" + Arrays.stream(a.converters()).map(c -> c.getClass().getName()).toList()
                    + " candidates=" + candidates);
        }
        return lines;
    }

    private static String help(CommandSpec spec) {
        return new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)).fullSynopsis()
                + spec.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static CommandSpec spec(CommandLine whole, String name) {
        return name.isEmpty() ? whole.getCommandSpec() : whole.getSubcommands().get(name).getCommandSpec();
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    private static Environment environment() {
        return new Environment(Run.CLOCK, new ByteArrayInputStream(new byte[0]), Path.of("/nonexistent/kmsg"));
    }
}
