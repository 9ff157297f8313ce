package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help is read in an 80-column terminal: paragraphs wrap whole, and no example is broken in two. */
class HelpLayoutTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "analyze", "list", "explain", "watch", "agent", "doctor", "run", "decode", "signals"})
    void help_fitsEightyColumnsWithUnbrokenExamples(String command) {
        Run run = command.isEmpty() ? Run.of("--help") : Run.of(command, "--help");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        for (String line : lines) {
            assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
        }
        List<String> examples = lines.subList(lines.indexOf("Examples:") + 1, lines.size());
        assertTrue(!examples.isEmpty(), run.out());
        for (String line : examples) {
            assertTrue(line.startsWith("  "), "an example wrapped onto a line of its own: '" + line + "'");
        }
    }
}
