package dev.whokilled.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whokilled.agent.metrics.Exposition.Type;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text format as Prometheus reads it: escapes, names, HELP and TYPE, numbers. */
class ExpositionTest {
    @Test
    void escapeLabelValue_backslashQuoteAndLineFeed_areEscaped() {
        assertEquals("a\\\\b\\\"c\\nd", Exposition.escapeLabelValue("a\\b\"c\nd"));
        assertEquals("SIGKILL", Exposition.escapeLabelValue("SIGKILL"));
    }

    @Test
    void escapeHelp_backslashAndLineFeed_areEscaped_aQuoteIsNot() {
        assertEquals("one\\ntwo \\\\ \"three\"", Exposition.escapeHelp("one\ntwo \\ \"three\""));
    }

    @Test
    void sample_hostileLabelValue_readsBackAsWritten() {
        String hostile = "x\"} 1\nevil_total 9 \\";
        String text = new Exposition().family("t_total", Type.COUNTER, "help\nwith a line feed")
                .sample(2, "cause", hostile, "signal", "SIGKILL").text();
        assertEquals(Map.of("t_total{cause=\"" + hostile + "\",signal=\"SIGKILL\"}", 2.0), StrictExposition.parse(text));
        assertEquals(3, text.split("\n").length, text);
    }

    @Test
    void family_writesHelpThenType_thenItsSamples() {
        String text = new Exposition().family("whokilled_store_bytes", Type.GAUGE, "Bytes.").sample(4096).text();
        assertEquals("# HELP whokilled_store_bytes Bytes.\n# TYPE whokilled_store_bytes gauge\nwhokilled_store_bytes 4096\n",
                text);
    }

    @Test
    void family_counterNotNamedTotal_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Exposition().family("whokilled_terminations", Type.COUNTER, "x"));
        assertEquals("a counter's name must end in _total: whokilled_terminations", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"whokilled-bytes", "1abc", "'has space'", "''"})
    void family_badName_isRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> new Exposition().family(name, Type.GAUGE, "x"));
    }

    @ParameterizedTest
    @CsvSource({"bad-label", "__reserved", "9lives"})
    void sample_badLabelName_isRefused(String label) {
        Exposition e = new Exposition().family("g", Type.GAUGE, "x");
        assertThrows(IllegalArgumentException.class, () -> e.sample(1, label, "v"));
    }

    @Test
    void sample_oddLabelStrings_orNoFamily_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Exposition().family("g", Type.GAUGE, "x").sample(1, "a"));
        assertThrows(IllegalStateException.class, () -> new Exposition().sample(1));
    }

    @ParameterizedTest
    @CsvSource({"3, 3", "0, 0", "0.5, 0.5", "-2, -2", "1e20, 1.0E20"})
    void format_wholeNumbersHaveNoFraction(double value, String text) {
        assertEquals(text, Exposition.format(value));
    }

    @Test
    void format_specialValues_asTheFormatSpellsThem() {
        assertEquals("NaN", Exposition.format(Double.NaN));
        assertEquals("+Inf", Exposition.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", Exposition.format(Double.NEGATIVE_INFINITY));
    }
}
