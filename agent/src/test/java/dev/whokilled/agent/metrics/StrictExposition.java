package dev.whokilled.agent.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the text exposition format for tests: every family has one HELP and one TYPE
 * line before its samples, families are not interleaved, a series appears once, label values use
 * only the format's escapes, counters end in {@code _total}. Throws on the first violation.
 */
final class StrictExposition {
    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    private StrictExposition() {
    }

    /** The samples by series ({@code name{a="x",b="y"}} with unescaped values), in order. */
    static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the text must end with a line feed");
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> closed = new HashSet<>();
        String current = null;
        int n = 0;
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            n++;
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                current = open(m.group(1), current, closed, n);
                if (!helped.add(current)) {
                    throw new IllegalArgumentException("line " + n + ": second HELP for " + current);
                }
                checkHelp(m.group(2), n);
            } else if ((m = TYPE.matcher(line)).matches()) {
                current = open(m.group(1), current, closed, n);
                if (types.put(current, m.group(2)) != null) {
                    throw new IllegalArgumentException("line " + n + ": second TYPE for " + current);
                }
                if (m.group(2).equals("counter") && !current.endsWith("_total")) {
                    throw new IllegalArgumentException("line " + n + ": counter not named *_total: " + current);
                }
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (!name.equals(current) || !types.containsKey(name) || !helped.contains(name)) {
                    throw new IllegalArgumentException("line " + n + ": sample of " + name + " outside its family"
                            + " or before its HELP and TYPE");
                }
                String series = name + "{" + labels(m.group(3) == null ? "" : m.group(3), n) + "}";
                double value = value(m.group(4), n);
                if (types.get(name).equals("counter") && value < 0) {
                    throw new IllegalArgumentException("line " + n + ": negative counter " + line);
                }
                if (samples.put(series, value) != null) {
                    throw new IllegalArgumentException("line " + n + ": duplicate series " + series);
                }
            } else {
                throw new IllegalArgumentException("line " + n + ": not exposition format: '" + line + "'");
            }
        }
        return samples;
    }

    private static String open(String name, String current, Set<String> closed, int n) {
        if (!name.equals(current)) {
            if (current != null) {
                closed.add(current);
            }
            if (closed.contains(name)) {
                throw new IllegalArgumentException("line " + n + ": family " + name + " continues after another");
            }
        }
        return name;
    }

    private static void checkHelp(String help, int n) {
        for (int i = 0; i < help.length(); i++) {
            if (help.charAt(i) == '\\') {
                if (i + 1 >= help.length() || (help.charAt(i + 1) != '\\' && help.charAt(i + 1) != 'n')) {
                    throw new IllegalArgumentException("line " + n + ": bad escape in HELP: " + help);
                }
                i++;
            }
        }
    }

    private static String labels(String text, int n) {
        StringBuilder out = new StringBuilder();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        Set<String> names = new HashSet<>();
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("line " + n + ": bad labels at " + at + ": " + text);
            }
            if (!names.add(m.group(1))) {
                throw new IllegalArgumentException("line " + n + ": label twice: " + m.group(1));
            }
            out.append(out.length() == 0 ? "" : ",").append(m.group(1)).append("=\"")
                    .append(unescape(m.group(2))).append('"');
            at = m.end();
            if (at < text.length()) {
                if (text.charAt(at) != ',') {
                    throw new IllegalArgumentException("line " + n + ": labels not separated by ',': " + text);
                }
                at++;
            }
        }
        return out.toString();
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                char next = v.charAt(++i); // the pattern allows only \\, \" and \n
                b.append(next == 'n' ? '\n' : next);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static double value(String text, int n) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": not a value: " + text);
                }
        }
    }
}
