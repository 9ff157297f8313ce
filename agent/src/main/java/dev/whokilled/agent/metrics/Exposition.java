package dev.whokilled.agent.metrics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): per metric family a {@code # HELP}
 * and a {@code # TYPE} line, then its samples. Names are checked, HELP text and label values are
 * escaped as the format requires (backslash, and in label values the double quote, and line
 * feeds). Not thread-safe: one per rendering.
 */
public final class Exposition {
    /** The {@code Content-Type} a scraper expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** A metric family's type, as the {@code # TYPE} line spells it. */
    public enum Type {
        COUNTER("counter"), GAUGE("gauge");

        private final String word;

        Type(String word) {
            this.word = word;
        }
    }

    private final StringBuilder out = new StringBuilder(2048);
    private String family;

    /**
     * Starts a metric family. A counter's name must end in {@code _total}: that is the name its samples carry.
     *
     * @throws IllegalArgumentException for a name the format does not allow, or a counter not named {@code *_total}
     */
    public Exposition family(String name, Type type, String help) {
        checkName(name);
        Objects.requireNonNull(type, "type");
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name must end in _total: " + name);
        }
        family = name;
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.word).append('\n');
        return this;
    }

    /**
     * A sample of the current family, with label names and values in pairs: {@code sample(3, "source", "kmsg")}.
     *
     * @throws IllegalArgumentException for an odd number of label strings or a label name the format does not allow
     * @throws IllegalStateException before the first {@link #family}
     */
    public Exposition sample(double value, String... labels) {
        if (family == null) {
            throw new IllegalStateException("a sample needs a family first");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs; got " + labels.length + " strings");
        }
        out.append(family);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                    throw new IllegalArgumentException("not a label name: '" + labels[i] + "'");
                }
                out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escapeLabelValue(labels[i + 1]))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    /** The text so far. */
    public String text() {
        return out.toString();
    }

    /** A label value as it stands between the quotes: {@code \} as {@code \\}, {@code "} as {@code \"}, a line feed as {@code \n}. */
    static String escapeLabelValue(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** HELP text: {@code \} as {@code \\} and a line feed as {@code \n} (a quote stays as it is). */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Whole numbers without a fraction ({@code 3}, not {@code 3.0}); the format's spellings of infinities and NaN. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void checkName(String name) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: '" + name + "'");
        }
    }
}
