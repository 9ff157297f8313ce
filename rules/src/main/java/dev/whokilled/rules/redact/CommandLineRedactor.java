package dev.whokilled.rules.redact;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the values of common secret patterns in a command line with {@value #MASK}; stateless and thread-safe.
 *
 * <p>A command line is world-readable in {@code /proc} while the process runs, but the store keeps it for 30 days,
 * so whatever a user typed as an argument must not outlive the process there. Recognised, case-insensitively:
 * <ul>
 *   <li>{@code scheme://user:PASS@host}: the password of a URL's user info;</li>
 *   <li>{@code Authorization: Bearer VALUE} (also {@code Proxy-Authorization}, any scheme word or none) and a
 *       bare {@code Bearer VALUE};</li>
 *   <li>{@code NAME=VALUE} and {@code NAME: VALUE}, with or without leading dashes or {@code -D}, where NAME is a
 *       secret name (below); inside a URL query ({@code ?NAME=} or {@code &NAME=}) the value ends at {@code &};</li>
 *   <li>{@code --NAME VALUE} ({@code -NAME VALUE}): the next argument, unless it starts with {@code --}.</li>
 * </ul>
 * A name is split into words at {@code _ - .} and lower-to-upper case changes ({@code keyStorePassword} is
 * key, store, password). It is a secret name when a word is one of {@code password passwd passphrase pwd secret
 * token credential credentials apikey}, or the last word is {@code pass} or {@code auth}, or the last word is
 * {@code key} after another word ({@code AWS_SECRET_ACCESS_KEY}, {@code api-key}, not {@code --key}); but never when
 * the last word says the value only points at the secret ({@code --password-file}, {@code token_type},
 * {@code SECRET_NAME}). In the {@code --NAME VALUE} form a final {@code key} needs a qualifying word before it
 * ({@code --api-key}, {@code --private-key}), since {@code --recv-key} and {@code --sort-key} take no secret.
 *
 * <p>Limits, kept deliberately: the joined command line no longer shows argument boundaries, so a value that held
 * spaces ({@code --password='a b'}) is masked only up to its first space; short options ({@code -p x},
 * {@code -phunter2}, {@code curl -u user:pass}) are ambiguous and left alone; a URL password holding a literal
 * {@code /} is not user info by RFC 3986 and is not recognised. {@link #redact} is idempotent.
 */
public final class CommandLineRedactor {
    /** What a secret value becomes. */
    public static final String MASK = "***";

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "passphrase", "pwd", "secret",
            "token", "credential", "credentials", "apikey");
    private static final Set<String> SECRET_LAST_WORDS = Set.of("pass", "auth");
    private static final Set<String> POINTER_WORDS = Set.of("file", "path", "dir", "type", "name", "env", "length",
            "len", "size", "count", "url", "uri", "endpoint");

    private static final Set<String> KEY_QUALIFIERS = Set.of("api", "secret", "private", "access", "client", "auth",
            "master", "encryption", "license", "session", "signing");

    /** Every rule below needs one of these: a secret word of a name, a header, a scheme word or a URL's '@'. */
    private static final Pattern MAY_HOLD_SECRET = Pattern.compile("(?i)pass|pwd|token|secret|key|auth|bearer|credential|@");
    private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[_.\\-]+");
    /*
     * Every pattern starts only after a delimiter and its name runs are possessive, so a hostile 4 KiB command line
     * ("-Da-Da-Da…", "a=a=a=…") costs one pass, not one pass per character: this runs on the agent's exits thread.
     */
    private static final Pattern URL_USERINFO = Pattern.compile(
            "(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*+://[^\\s/@:]*+:)([^\\s/@]++)@");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(?<![A-Za-z0-9-])((?:proxy-)?authorization\\s*[:=]\\s*)"
            + "(?:(basic|bearer|digest|token|negotiate|ntlm|aws4-hmac-sha256)(\\s+))?(\\S+)");
    private static final Pattern BEARER = Pattern.compile("(?i)(?<![A-Za-z0-9-])(bearer\\s+)(\\S+)");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?:^|(?<=[\\s?&;,=\"'{(\\[]))-*+(?:(?<=-)D)?([A-Za-z0-9][A-Za-z0-9_.-]*+)(=|:[ \\t]*+)");
    private static final Pattern FLAG_THEN_VALUE = Pattern.compile(
            "(?:^|(?<=\\s))(--?)([A-Za-z0-9][A-Za-z0-9_.-]*+)(\\s++)(\\S++)");

    private CommandLineRedactor() {
    }

    /** {@code commandLine} with every recognised secret value replaced by {@value #MASK}. */
    public static String redact(String commandLine) {
        Objects.requireNonNull(commandLine, "commandLine");
        if (!MAY_HOLD_SECRET.matcher(commandLine).find()) {
            return commandLine; // most command lines: one scan, no allocation
        }
        String s = urlUserinfo(commandLine);
        s = authorization(s);
        s = bearer(s);
        s = assignments(s);
        return flagValues(s);
    }

    /** Whether {@code name} (an option, variable or parameter name, without dashes) names a secret. */
    public static boolean isSecretName(String name) {
        return isSecret(name, false);
    }

    /**
     * As {@link #isSecretName}, but {@code --NAME VALUE} is not a variable: there a final {@code key} counts only after
     * a word that makes it a credential ({@code --api-key}, not {@code --recv-key} or {@code --sort-key}).
     */
    private static boolean isSecret(String name, boolean flag) {
        String[] words = words(name);
        if (words.length == 0) {
            return false;
        }
        String last = words[words.length - 1];
        if (POINTER_WORDS.contains(last)) {
            return false;
        }
        for (String w : words) {
            if (SECRET_WORDS.contains(w)) {
                return true;
            }
        }
        if (SECRET_WORDS.contains(String.join("", words)) || SECRET_LAST_WORDS.contains(last)) {
            return true; // PassPhrase, api_key
        }
        return last.equals("key") && words.length > 1
                && (!flag || KEY_QUALIFIERS.contains(words[words.length - 2]));
    }

    private static String[] words(String name) {
        String split = CAMEL_CASE.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        return Arrays.stream(WORD_SEPARATORS.split(split)).filter(w -> !w.isEmpty()).toArray(String[]::new);
    }

    private static String urlUserinfo(String s) {
        return URL_USERINFO.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    }

    private static String authorization(String s) {
        return AUTHORIZATION.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)
                + (m.group(2) == null ? "" : m.group(2) + m.group(3)) + MASK));
    }

    private static String bearer(String s) {
        return BEARER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    private static String assignments(String s) {
        Matcher m = ASSIGNMENT.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int from = 0;
        while (from < s.length() && m.find(from)) {
            int valueStart = m.end();
            from = valueStart; // a value may itself hold NAME=VALUE, after its '='
            if (!isSecretName(m.group(1))) {
                continue;
            }
            char before = m.start() > 0 ? s.charAt(m.start() - 1) : ' ';
            boolean query = before == '?' || before == '&';
            int valueEnd = valueStart;
            while (valueEnd < s.length() && !Character.isWhitespace(s.charAt(valueEnd))
                    && !(query && s.charAt(valueEnd) == '&')) {
                valueEnd++;
            }
            if (valueEnd == valueStart) {
                continue;
            }
            out.append(s, copied, valueStart).append(MASK);
            copied = valueEnd;
            from = valueEnd;
        }
        return copied == 0 ? s : out.append(s, copied, s.length()).toString();
    }

    private static String flagValues(String s) {
        Matcher m = FLAG_THEN_VALUE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int from = 0;
        while (from < s.length() && m.find(from)) {
            String value = m.group(4);
            if (!isSecret(m.group(2), true) || value.startsWith("--")) {
                from = m.start(4); // the value may itself be a flag
                continue;
            }
            out.append(s, copied, m.start(4)).append(MASK);
            copied = m.end(4);
            from = m.end(4);
        }
        return copied == 0 ? s : out.append(s, copied, s.length()).toString();
    }
}
