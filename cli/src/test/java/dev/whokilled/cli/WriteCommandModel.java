package dev.whokilled.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Build step, not a test: writes the model {@link CommandModel} rebuilds, from the annotations as picocli reads
 * them. The cli pom runs it in {@code process-test-classes} (exec:java on the test classpath), so the unit tests
 * and the jar both have it. It refuses (fails the build) any picocli feature the model does not carry, so a new
 * attribute on an option cannot be dropped quietly; {@code CommandModelTest} checks the rebuilt model against the
 * annotations' for every command.
 */
public final class WriteCommandModel {
    private WriteCommandModel() {
    }

    /** {@code WriteCommandModel DIRECTORY}: one file per command class, named as {@link CommandModel#resource} says. */
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        for (Map.Entry<Class<?>, String> model : texts().entrySet()) {
            Path file = directory.resolve(Path.of(CommandModel.resource(model.getKey())).getFileName());
            Files.writeString(file, model.getValue(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The model of every command of {@link Cli} but picocli's own, by class, in {@link Properties} form, keys sorted. */
    static Map<Class<?>, String> texts() throws IOException {
        CommandLine cli = Cli.fromAnnotations(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new Environment(Clock.systemUTC(), System.in, Path.of("/dev/kmsg")));
        List<CommandSpec> specs = new ArrayList<>(List.of(cli.getCommandSpec()));
        cli.getSubcommands().values().forEach(sub -> specs.add(sub.getCommandSpec()));
        Map<Class<?>, String> texts = new LinkedHashMap<>();
        for (CommandSpec spec : specs) {
            Class<?> type = spec.userObject().getClass();
            if (ours(type)) {
                Map<String, String> keys = new TreeMap<>();
                write(spec, keys);
                texts.put(type, text(keys));
            }
        }
        return texts;
    }

    private static String text(Map<String, String> keys) throws IOException {
        Properties properties = new Properties();
        properties.putAll(keys);
        StringWriter out = new StringWriter();
        properties.store(out, null);
        // Without the date line Properties.store writes (a build that changes nothing writes the same file), keys sorted.
        return "# picocli model of a whokilled command, written from its annotations by WriteCommandModel\n"
                + out.toString().lines().filter(l -> !l.startsWith("#")).sorted().collect(Collectors.joining("\n", "", "\n"));
    }

    private static void write(CommandSpec spec, Map<String, String> keys) {
        spec.interpolateVariables(false); // descriptions as written, with their ${...} for the run to fill in
        Class<?> type = spec.userObject().getClass();
        String c = type.getName() + ".";
        keys.put(c + "name", spec.name());
        usage(spec.usageMessage(), c + "usage.", keys);
        if (spec.versionProvider() != null) {
            keys.put(c + "versionProvider", spec.versionProvider().getClass().getName());
        }
        lines(c + "spec", Arrays.stream(type.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(CommandLine.Spec.class)).map(Field::getName).toList(), keys);
        require(spec.argGroups().isEmpty(), spec, "argument groups");
        int i = 0;
        for (ArgSpec arg : spec.args()) {
            if (!arg.inherited()) {
                arg(spec, arg, c + "arg." + i++ + ".", keys);
            }
        }
    }

    private static void usage(UsageMessageSpec u, String k, Map<String, String> keys) {
        UsageMessageSpec plain = CommandSpec.create().usageMessage();
        lines(k + "header", List.of(u.header()), keys);
        lines(k + "description", List.of(u.description()), keys);
        lines(k + "footer", List.of(u.footer()), keys);
        keys.put(k + "footerHeading", u.footerHeading());
        keys.put(k + "sortOptions", String.valueOf(u.sortOptions()));
        keys.put(k + "autoWidth", String.valueOf(u.autoWidth()));
        Map<String, Object> rest = Map.of("headerHeading", u.headerHeading(), "synopsisHeading", u.synopsisHeading(),
                "descriptionHeading", u.descriptionHeading(), "parameterListHeading", u.parameterListHeading(),
                "optionListHeading", u.optionListHeading(), "commandListHeading", u.commandListHeading(),
                "customSynopsis", List.of(u.customSynopsis()), "abbreviateSynopsis", u.abbreviateSynopsis(),
                "showDefaultValues", u.showDefaultValues(), "hidden", u.hidden());
        Map<String, Object> plainRest = Map.of("headerHeading", plain.headerHeading(), "synopsisHeading",
                plain.synopsisHeading(), "descriptionHeading", plain.descriptionHeading(), "parameterListHeading",
                plain.parameterListHeading(), "optionListHeading", plain.optionListHeading(), "commandListHeading",
                plain.commandListHeading(), "customSynopsis", List.of(plain.customSynopsis()), "abbreviateSynopsis",
                plain.abbreviateSynopsis(), "showDefaultValues", plain.showDefaultValues(), "hidden", plain.hidden());
        if (!rest.equals(plainRest)) {
            throw new IllegalStateException("the command model does not carry these usage settings: " + rest
                    + " (defaults " + plainRest + ")");
        }
    }

    private static void arg(CommandSpec spec, ArgSpec arg, String k, Map<String, String> keys) {
        if (arg instanceof OptionSpec o) {
            keys.put(k + "kind", "option");
            keys.put(k + "names", String.join(",", o.names()));
            keys.put(k + "usageHelp", String.valueOf(o.usageHelp()));
            keys.put(k + "versionHelp", String.valueOf(o.versionHelp()));
            require(!o.negatable() && o.order() == -1 && o.fallbackValue().isEmpty(), spec, o.longestName()
                    + ": negatable, order or fallbackValue");
        } else {
            keys.put(k + "kind", "positional");
            keys.put(k + "index", ((PositionalParamSpec) arg).index().originalValue());
            require(arg.scopeType() == CommandLine.ScopeType.LOCAL && arg.converters().length == 0
                    && (arg.completionCandidates() == null || !ours(arg.completionCandidates().getClass())), spec,
                    arg.paramLabel() + ": a positional parameter's scope, converter or completion candidates");
        }
        keys.put(k + "type", arg.type().getName());
        lines(k + "aux", Arrays.stream(arg.auxiliaryTypes()).map(Class::getName).toList(), keys);
        keys.put(k + "arity", arg.arity().originalValue());
        keys.put(k + "label", arg.paramLabel());
        lines(k + "description", List.of(arg.description()), keys);
        keys.put(k + "descriptionKey", arg.descriptionKey());
        keys.put(k + "required", String.valueOf(arg.required()));
        keys.put(k + "scope", arg.scopeType().name());
        require(arg.converters().length <= 1, spec, arg.paramLabel() + ": more than one converter");
        if (arg.converters().length == 1) {
            keys.put(k + "converter", arg.converters()[0].getClass().getName());
        }
        if (arg.completionCandidates() != null && ours(arg.completionCandidates().getClass())) {
            keys.put(k + "candidates", arg.completionCandidates().getClass().getName());
        }
        require(!arg.hidden() && !arg.interactive() && arg.defaultValue() == null && arg.splitRegex().isEmpty()
                        && arg.parameterConsumer() == null && !arg.hideParamSyntax(),
                spec, arg.paramLabel() + ": hidden, interactive, defaultValue, split, parameterConsumer"
                        + " or hideParamSyntax");
        require(arg.preprocessor().getClass().getName().startsWith("picocli."), spec, arg.paramLabel() + ": preprocessor");
        target(spec, arg).ifPresent(t -> keys.put(k + "target", t));
    }

    /** The field or method the annotation was on, from the command: {@code name}, {@code mixin.name} or {@code mixin.name()}. */
    private static Optional<String> target(CommandSpec spec, ArgSpec arg) {
        if (!(arg.userObject() instanceof Member member) || !ours(member.getDeclaringClass())) {
            // picocli's standard help options, which CommandModel rebuilds as flags that start false
            require(Boolean.FALSE.equals(arg.initialValue()), spec, arg.paramLabel() + ": an unbound option not false");
            return Optional.empty();
        }
        String name = member.getName() + (member instanceof Method ? "()" : "");
        Class<?> command = spec.userObject().getClass();
        if (member.getDeclaringClass() == command) {
            return Optional.of(name);
        }
        List<String> mixins = new ArrayList<>();
        for (Field f : command.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Mixin.class) && f.getType() == member.getDeclaringClass()) {
                mixins.add(f.getName());
            }
        }
        require(mixins.size() == 1, spec, name + ": not one mixin field of type " + member.getDeclaringClass().getName());
        return Optional.of(mixins.get(0) + "." + name);
    }

    private static boolean ours(Class<?> type) {
        return type.getName().startsWith("dev.whokilled.");
    }

    private static void lines(String k, List<String> lines, Map<String, String> keys) {
        for (int i = 0; i < lines.size(); i++) {
            keys.put(k + "." + i, Objects.requireNonNull(lines.get(i)));
        }
    }

    private static void require(boolean carried, CommandSpec spec, String what) {
        if (!carried) {
            throw new IllegalStateException("whokilled " + spec.name() + ": the command model does not carry " + what
                    + "; teach WriteCommandModel and CommandModel, or leave the command to the annotations");
        }
    }
}
