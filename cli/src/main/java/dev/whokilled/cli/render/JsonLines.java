package dev.whokilled.cli.render;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper of the small commands' {@code --json} output. Picocli builds every subcommand at start,
 * so a mapper in a command's static field would load Jackson (~300 classes, ~50 ms) on every run;
 * this class is initialised, and Jackson loaded, only when JSON is written.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
