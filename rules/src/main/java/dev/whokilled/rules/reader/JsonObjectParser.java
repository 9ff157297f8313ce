package dev.whokilled.rules.reader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A strict parser for one flat JSON object as {@code journalctl -o json} writes it, each value
 * reduced to a string; not thread-safe (one per parser, reused per line).
 *
 * <p>Values: strings (all escapes, {@code \}{@code uXXXX} included); numbers (kept as written);
 * {@code true}/{@code false} (as written); {@code null} (left out: journald writes it for fields
 * above its size threshold without {@code --all}); arrays of byte numbers (journald's encoding of
 * values with control characters or invalid UTF-8: decoded as UTF-8 with replacement); arrays of
 * such values (a repeated field: the first is kept). A nested object, trailing garbage or any
 * other deviation rejects the whole line. Work and memory are linear in the line, which the
 * reader has already bounded; there is no recursion beyond one array level.
 */
final class JsonObjectParser {
    private String s;
    private int i;

    /** The fields of the object on {@code line}, or empty if it is not one. */
    Optional<Map<String, String>> parse(String line) {
        s = line;
        i = 0;
        try {
            return Optional.ofNullable(object());
        } finally {
            s = null;
        }
    }

    private Map<String, String> object() {
        skipWs();
        if (!eat('{')) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        skipWs();
        if (!eat('}')) {
            while (true) {
                skipWs();
                String key = string();
                skipWs();
                if (key == null || !eat(':')) {
                    return null;
                }
                skipWs();
                Value v = value(true);
                if (v == null) {
                    return null;
                }
                if (v.text != null) {
                    fields.putIfAbsent(key, v.text);
                }
                skipWs();
                if (eat(',')) {
                    continue;
                }
                if (eat('}')) {
                    break;
                }
                return null;
            }
        }
        skipWs();
        return i == s.length() ? fields : null;
    }

    /** A parsed value; {@code text} null for JSON null; {@code number} for a number literal. */
    private record Value(String text, boolean number) {
    }

    private static final Value NULL = new Value(null, false);

    private Value value(boolean arrayAllowed) {
        if (i >= s.length()) {
            return null;
        }
        char c = s.charAt(i);
        if (c == '"') {
            String str = string();
            return str == null ? null : new Value(str, false);
        }
        if (c == '[') {
            return arrayAllowed ? array(false) : null;
        }
        if (c == '-' || c >= '0' && c <= '9') {
            String n = number();
            return n == null ? null : new Value(n, true);
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return NULL;
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return new Value("true", false);
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return new Value("false", false);
        }
        return null;
    }

    /**
     * {@code [1,2,3]} (bytes) or {@code ["a","b"]}/{@code [[1,2],"b"]} (a repeated field). An
     * array whose elements are all numbers 0-255 is a byte string; otherwise the first element is kept.
     */
    private Value array(boolean nested) {
        i++; // '['
        skipWs();
        if (eat(']')) {
            return new Value("", false);
        }
        byte[] bytes = new byte[16];
        int n = 0;
        boolean allBytes = true;
        Value first = null;
        while (true) {
            skipWs();
            Value element;
            if (i < s.length() && s.charAt(i) == '[') {
                // A repeated field whose value is itself binary: one level only, so no deep recursion.
                element = nested ? null : array(true);
            } else {
                element = value(false);
            }
            if (element == null) {
                return null;
            }
            if (first == null) {
                first = element;
            }
            if (allBytes) {
                int b = element.number ? byteValue(element.text) : -1;
                if (b < 0) {
                    allBytes = false;
                } else {
                    if (n == bytes.length) {
                        bytes = Arrays.copyOf(bytes, n * 2);
                    }
                    bytes[n++] = (byte) b;
                }
            }
            skipWs();
            if (eat(',')) {
                continue;
            }
            if (eat(']')) {
                break;
            }
            return null;
        }
        return allBytes ? new Value(new String(bytes, 0, n, StandardCharsets.UTF_8), false) : first;
    }

    /** The byte value 0-255 of a number literal, or -1 if the text is not one. */
    private static int byteValue(String text) {
        if (text == null || text.isEmpty() || text.length() > 3) {
            return -1;
        }
        long v = Scan.digits(text, 0, text.length());
        return v >= 0 && v <= 255 ? (int) v : -1;
    }

    private String number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        int intStart = i;
        while (Scan.isDigit(s, i)) {
            i++;
        }
        if (i == intStart || s.charAt(intStart) == '0' && i - intStart > 1) {
            return null;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            int fracStart = i;
            while (Scan.isDigit(s, i)) {
                i++;
            }
            if (i == fracStart) {
                return null;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (Scan.isDigit(s, i)) {
                i++;
            }
            if (i == expStart) {
                return null;
            }
        }
        return s.substring(start, i);
    }

    private String string() {
        if (!eat('"')) {
            return null;
        }
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c == '\\') {
                return escapedString(start);
            }
            if (c < 0x20) {
                return null;
            }
            i++;
        }
        return null;
    }

    private String escapedString(int start) {
        StringBuilder out = new StringBuilder(s.length() - start);
        out.append(s, start, i);
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= s.length()) {
                return null;
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        return null;
                    }
                    int cp = 0;
                    for (int k = 0; k < 4; k++) {
                        int h = KmsgLineParser.hex(s.charAt(i + k));
                        if (h < 0) {
                            return null;
                        }
                        cp = cp << 4 | h;
                    }
                    i += 4;
                    out.append((char) cp);
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private boolean eat(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void skipWs() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            i++;
        }
    }
}
