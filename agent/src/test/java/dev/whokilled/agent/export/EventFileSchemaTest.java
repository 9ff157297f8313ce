package dev.whokilled.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.whokilled.agent.AgentLog;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the event file really holds, checked against the published contracts in {@code docs/schema}
 * (JSON Schema 2020-12, formats asserted) with networknt's validator, and the schemas themselves
 * against the 2020-12 meta-schema.
 */
class EventFileSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMAS = Path.of("..", "docs", "schema");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @TempDir
    Path tmp;

    static Path schemaFile(ExportConfig.FileFormat format) {
        return SCHEMAS.resolve(format == ExportConfig.FileFormat.NATIVE ? "whokilled-termination-v1.schema.json"
                : "whokilled-termination-ecs-v1.schema.json");
    }

    /** The schema of a format, loaded from docs/schema. */
    static Schema schema(ExportConfig.FileFormat format) throws Exception {
        try (InputStream in = Files.newInputStream(schemaFile(format))) {
            return REGISTRY.getSchema(in);
        }
    }

    /** The validator's complaints about one line, formats asserted (date-time, uuid). */
    static List<Error> errors(Schema schema, String line) throws Exception {
        return schema.validate(JSON.readTree(line), ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
    }

    @ParameterizedTest
    @EnumSource(ExportConfig.FileFormat.class)
    void eventFile_everyLine_validatesAgainstItsSchema(ExportConfig.FileFormat format) throws Exception {
        Path file = tmp.resolve("events.jsonl");
        ExportConfig config = new ExportConfig(ExportConfig.Journal.OFF, Optional.of(file), format, 64L << 20, 10,
                Optional.empty(), Optional.empty());
        List<ExportedTermination> samples = ExportSamples.all();
        try (EventFileSink sink = EventFileSink.open(config, file, new EcsTerminations(Optional.of("testhost")),
                Clock.systemUTC(), new AgentLog(new PrintWriter(new StringWriter())))) {
            for (ExportedTermination t : samples) {
                sink.accept(t);
            }
        }
        Schema schema = schema(format);
        List<String> lines = Files.readAllLines(file);
        assertEquals(samples.size(), lines.size());
        for (String line : lines) {
            assertEquals(List.of(), errors(schema, line), line);
        }
    }

    @Test
    void schemas_are2020_12Schemas() throws Exception {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (ExportConfig.FileFormat format : ExportConfig.FileFormat.values()) {
            JsonNode schema = JSON.readTree(schemaFile(format).toFile());
            assertEquals(List.of(), meta.validate(schema), schemaFile(format).toString());
            assertTrue(schema.get("$id").asText().endsWith("-v1.schema.json"), "versioned in its name");
        }
    }

    /** The validator really asserts: a line that breaks the contract is refused. */
    @Test
    void schemas_refuseBrokenLines() throws Exception {
        ExportedTermination t = ExportSamples.all().get(0);
        ObjectNode nativeLine = (ObjectNode) JSON.readTree(new JsonExplanations().toLine(t));
        nativeLine.put("id", "not-a-uuid");
        assertFalse(errors(schema(ExportConfig.FileFormat.NATIVE), nativeLine.toString()).isEmpty());

        ObjectNode ecs = (ObjectNode) JSON.readTree(new EcsTerminations(Optional.empty()).toLine(t, t.termination()
                .when().wallTime().orElseThrow().instant()));
        Schema ecsSchema = schema(ExportConfig.FileFormat.ECS);
        assertEquals(List.of(), errors(ecsSchema, ecs.toString()));
        ((ObjectNode) ecs.get("process")).putNull("name");
        assertFalse(errors(ecsSchema, ecs.toString()).isEmpty(), "ECS leaves absent values out, never null");
        ((ObjectNode) ecs.get("process")).remove("name");
        ecs.put("process.name", "sleep");
        assertFalse(errors(ecsSchema, ecs.toString()).isEmpty(), "nested objects, not dotted keys");
    }
}
