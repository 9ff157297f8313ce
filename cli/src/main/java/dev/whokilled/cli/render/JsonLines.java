package dev.whokilled.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * The mapper of the small commands' {@code --json} output. Picocli builds every subcommand at start,
 * so a mapper in a command's static field would load Jackson (~300 classes, ~50 ms) on every run;
 * this class is initialised, and Jackson loaded, only when JSON is written.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter LINE = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private JsonLines() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One line of JSON, or the same object indented over several ({@code -o json-pretty}). */
    public static String text(JsonNode node, boolean pretty) {
        try {
            return (pretty ? PRETTY : LINE).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
