package dev.whokilled.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonExplanationsTest {
    /** Writing into a Writer gives the line toLine builds, and leaves the Writer open for the next one. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writeLine_everySample_sameAsToLine(boolean pretty) throws IOException {
        JsonExplanations json = new JsonExplanations(pretty);
        StringWriter out = new StringWriter();
        StringBuilder expected = new StringBuilder();
        for (ExportedTermination t : ExportSamples.all()) {
            json.writeLine(t.death().termination(), out);
            out.write('\n');
            expected.append(json.toLine(t.death().termination())).append('\n');
        }
        assertFalse(ExportSamples.all().isEmpty());
        assertEquals(expected.toString(), out.toString());
    }
}
