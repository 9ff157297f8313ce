package dev.whokilled.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * The mapper of the small commands' {@code --json} output, in a class of its own so that Jackson (~300 classes,
 * ~50 ms) is loaded only when JSON is written, not whenever a command class is.
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
