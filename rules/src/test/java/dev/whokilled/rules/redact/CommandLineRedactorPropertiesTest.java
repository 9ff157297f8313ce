package dev.whokilled.rules.redact;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CommandLineRedactorPropertiesTest {

    @Property
    void redact_anyString_neverThrows(@ForAll String s) {
        CommandLineRedactor.redact(s);
    }

    @Property
    boolean redact_anyString_isIdempotent(@ForAll("commandLines") String s) {
        String once = CommandLineRedactor.redact(s);
        return CommandLineRedactor.redact(once).equals(once);
    }

    @Property
    boolean redact_arbitraryString_isIdempotent(@ForAll String s) {
        String once = CommandLineRedactor.redact(s);
        return CommandLineRedactor.redact(once).equals(once);
    }

    /** The secret's characters never reach the output, and the output grows by at most the masks it adds. */
    @Property
    boolean redact_embeddedSecret_neverInOutput(@ForAll("embedded") String[] parts) {
        String secret = parts[1];
        String out = CommandLineRedactor.redact(parts[0]);
        return !out.contains(secret) && out.length() <= parts[0].length() + CommandLineRedactor.MASK.length();
    }

    @Property
    boolean redact_plainWords_unchanged(@ForAll("plainLines") String s) {
        return CommandLineRedactor.redact(s).equals(s);
    }

    @Provide
    Arbitrary<String> commandLines() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("--password", "--password=", "token=", "TOKEN=", "Authorization:", "Bearer", "-D",
                        "AWS_SECRET_ACCESS_KEY=", "https://u:", "@", "?", "&", "=", ":", "-", "--", "***", "key",
                        "--api-key", "secret", " ", "  ", "\t", "-Dpassword=", "x-auth-token: "),
                Arbitraries.strings().withChars("abcXYZ019=:&?@/-_.* ").ofMaxLength(8));
        return token.list().ofMaxSize(12).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String[]> embedded() {
        Arbitrary<String> secret = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars("!#%+,~^") /* no "/": it ends a URL's user info */.ofMinLength(4).ofMaxLength(20);
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .list().ofMaxSize(4).map(l -> String.join(" ", l));
        Arbitrary<String> form = Arbitraries.of("--password=%s", "--password %s", "token=%s", "DB_PASSWORD=%s",
                "AWS_SECRET_ACCESS_KEY=%s", "Authorization: Bearer %s", "Authorization: %s", "Bearer %s",
                "https://user:%s@host/x", "--client-secret %s", "?token=%s&a=1", "-Dpassword=%s", "X-Auth-Token: %s");
        return Combinators.combine(words, form, secret, words)
                // a secret spelled inside the form's own text ("SWOR" in DB_PASSWORD) stays in the output with it
                .filter((a, f, s, b) -> !f.replace("%s", "").contains(s))
                .as((a, f, s, b) -> {
                    String line = (a.isEmpty() ? "" : a + " ") + String.format(f, s) + (b.isEmpty() ? "" : " " + b);
                    return new String[] {line, s};
                });
    }

    @Provide
    Arbitrary<String> plainLines() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .filter(w -> !w.contains("bearer") && !CommandLineRedactor.isSecretName(w));
        Arbitrary<String> arg = Arbitraries.oneOf(word, word.map(w -> "--" + w), word.map(w -> "--" + w + "=1"),
                word.map(w -> w.toUpperCase() + "=/usr/" + w));
        return arg.list().ofMaxSize(8).map(l -> String.join(" ", l));
    }
}
