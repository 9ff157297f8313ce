package dev.whokilled.rules.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandLineRedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "mysql --password=hunter2 db                      | mysql --password=*** db",
        "mysql --password hunter2 db                      | mysql --password *** db",
        "tool -password hunter2                           | tool -password *** ",
        "sh -c sleep 60 --password=hunter2 TOKEN=abc      | sh -c sleep 60 --password=*** TOKEN=***",
        "app token=abc123                                 | app token=***",
        "app --api-token=abc --verbose                    | app --api-token=*** --verbose",
        "app --client-secret s3cr3t                       | app --client-secret ***",
        "app secret=xyz                                   | app secret=***",
        "env AWS_SECRET_ACCESS_KEY=wJalrXUt cmd           | env AWS_SECRET_ACCESS_KEY=*** cmd",
        "env GITHUB_TOKEN=ghp_abc cmd                     | env GITHUB_TOKEN=*** cmd",
        "env DB_PASSWORD=pw cmd                           | env DB_PASSWORD=*** cmd",
        "env STRIPE_SECRET=sk_live cmd                    | env STRIPE_SECRET=*** cmd",
        "env OPENAI_API_KEY=sk-abc cmd                    | env OPENAI_API_KEY=*** cmd",
        "java -Djavax.net.ssl.keyStorePassword=changeit X | java -Djavax.net.ssl.keyStorePassword=*** X",
        "java -Dpassword=pw X                             | java -Dpassword=*** X",
        "app --apiKey=abc                                 | app --apiKey=***",
        "curl -H Authorization: Bearer eyJhbGci x         | curl -H Authorization: Bearer *** x",
        "curl -H Authorization: Basic dXNlcjpwYXNz x      | curl -H Authorization: Basic *** x",
        "curl -H Authorization:Bearer eyJ x               | curl -H Authorization:Bearer *** x",
        "curl -H Proxy-Authorization: abc x               | curl -H Proxy-Authorization: *** x",
        "curl -H X-Auth-Token: abc x                      | curl -H X-Auth-Token: *** x",
        "grpcurl bearer eyJabc                            | grpcurl bearer ***",
        "psql postgres://admin:hunter2@db:5432/app        | psql postgres://admin:***@db:5432/app",
        "git clone https://user:ghp_x@github.com/o/r      | git clone https://user:***@github.com/o/r",
        "redis-cli -u redis://:pw@localhost               | redis-cli -u redis://:***@localhost",
        "curl https://h/x?token=abc&page=2                | curl https://h/x?token=***&page=2",
        "curl https://h/x?page=2&access_token=abc         | curl https://h/x?page=2&access_token=***",
        "app --opt=token=abc                              | app --opt=token=***",
        "app --vault-secret-id=abc                        | app --vault-secret-id=***",
        "openssl enc -pass pass:hunter2                   | openssl enc -pass ***",
        "app --token token=abc                            | app --token ***",
        "app PASSWORD: hunter2                            | app PASSWORD: ***",
        "app --PassPhrase=x                               | app --PassPhrase=***",
        "app --api-key abc                                | app --api-key ***",
        "app --sort-key=abc                               | app --sort-key=***",
        "ssh-keygen --private-key k                       | ssh-keygen --private-key ***",
    })
    void redact_secretPattern_masksTheValue(String in, String expected) {
        assertEquals(expected.strip(), CommandLineRedactor.redact(in.strip()).strip());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "sleep 60",
        "python3 train.py --epochs 3 --lr=0.1",
        "sort --key=2 file",
        "gpg --recv-key ABCD",
        "app --tokenizer=bert",
        "app --passes=3",
        "app keyboard=us monkey=1",
        "app secretary=jane",
        "app --password-file=/run/secrets/db",
        "app --token-file /run/secrets/t",
        "app --token-url=https://auth.example.com/token",
        "env SECRET_NAME=db-creds cmd",
        "env AWS_ACCESS_KEY_ID=AKIAX cmd",
        "env PATH=/usr/bin HOME=/root cmd",
        "app --no-color --verbose",
        "curl https://example.com:8443/path@v2",
        "curl https://user@example.com/",
        "ssh user@host",
        "app --password --verbose",
        "app --password=",
        "app token",
        "app --token",
        "bash -c echo the bearer of news",
        "kubectl get secret",
        "nginx: worker process",
        "",
    })
    void redact_nearMiss_leavesItUnchanged(String in) {
        if (in.equals("bash -c echo the bearer of news")) {
            // "bearer" followed by a word is indistinguishable from a token: masked, knowingly.
            assertEquals("bash -c echo the bearer *** news", CommandLineRedactor.redact(in));
            return;
        }
        assertEquals(in, CommandLineRedactor.redact(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "DB_PASSWORD", "keyStorePassword", "api-key", "AWS_SECRET_ACCESS_KEY",
        "x-auth-token", "token", "passwd", "pwd", "credentials", "apiKey", "client_secret", "pass", "basic-auth"})
    void isSecretName_secretNames_true(String name) {
        assertTrue(CommandLineRedactor.isSecretName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"key", "keyboard", "monkey", "tokenizer", "passes", "secretary", "password-file",
        "token_type", "SECRET_NAME", "AWS_ACCESS_KEY_ID", "auth-type", "bypass", "", "-", "__"})
    void isSecretName_otherNames_false(String name) {
        assertFalse(CommandLineRedactor.isSecretName(name), name);
    }

    @Test
    void redact_null_throws() {
        assertThrows(NullPointerException.class, () -> CommandLineRedactor.redact(null));
    }

    @Test
    void redact_truncatedCommandLine_masksTheKeptPart() {
        assertEquals("app --password=*** …", CommandLineRedactor.redact("app --password=hunt …"));
    }
}
