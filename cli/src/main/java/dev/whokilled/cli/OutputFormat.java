package dev.whokilled.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** The forms of {@code -o/--output}, named as journalctl and kubectl name theirs. */
enum OutputFormat {
    /** For a person: today's text and tables. */
    TEXT(List.of("text", "table")),
    /** JSON Lines: one object a line, for jq and log shippers. */
    JSON(List.of("json")),
    /** The same objects, indented. */
    JSON_PRETTY(List.of("json-pretty"));

    private final List<String> names;

    OutputFormat(List<String> names) {
        this.names = names;
    }

    boolean isJson() {
        return this != TEXT;
    }

    /** The names as the user types them; picocli's completion and help list them. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).flatMap(f -> f.names.stream()).iterator();
        }
    }

    /** Reads a name, or fails with the list of names. */
    static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return Arrays.stream(values()).filter(f -> f.names.contains(value)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("unknown output format '" + value
                            + "'; one of " + Arrays.stream(values()).flatMap(f -> f.names.stream())
                                    .collect(Collectors.joining(", "))));
        }
    }
}
