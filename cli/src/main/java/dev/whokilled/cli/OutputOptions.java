package dev.whokilled.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whokilled.cli.render.ExplanationWriter;
import dev.whokilled.cli.render.JsonLines;
import dev.whokilled.rules.death.Death;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code -o/--output FORMAT} and its old spelling {@code --json}, for every command that prints results; a picocli mixin. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
            completionCandidates = OutputFormat.Names.class,
            description = "text (or table): for a person, the default; json: JSON Lines, one object a line; "
                    + "json-pretty: the same objects, indented.")
    OutputFormat format = OutputFormat.TEXT;

    @Option(names = "--json", description = "Same as -o json.")
    void json(boolean on) {
        if (on) {
            format = OutputFormat.JSON;
        }
    }

    boolean isJson() {
        return format.isJson();
    }

    private boolean isPretty() {
        return format == OutputFormat.JSON_PRETTY;
    }

    /** One object as json or json-pretty asks: a line, or indented. */
    void printJson(PrintWriter out, JsonNode node) {
        out.println(JsonLines.text(node, isPretty()));
    }

    /** The JSON writer for json and json-pretty, else the text form the command prints. */
    ExplanationWriter writer(PrintWriter out, Supplier<ExplanationWriter> text) {
        return isJson() ? ExplanationWriter.json(out, isPretty()) : text.get();
    }

    /** Deaths as JSON for json and json-pretty, else one {@code line} each. */
    Consumer<Death> deaths(PrintWriter out, Function<Death, String> line) {
        if (isJson()) {
            return ExplanationWriter.json(out, isPretty())::write;
        }
        return death -> out.println(line.apply(death));
    }
}
