package dev.whokilled.cli.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The lines of a child's stdout or stderr, collected as they come by a daemon thread of their own, so a test can
 * wait for one while the child runs. Thread-safe.
 */
final class Lines {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Lines(InputStream in, String name) {
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child closed the stream: it is gone
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Every line so far; the list goes on growing. */
    List<String> all() {
        return lines;
    }

    /** The first line matching {@code wanted}, polled for at most {@code max}; else the test fails with what came. */
    String await(Predicate<String> wanted, Duration max, String what) throws InterruptedException {
        return within(wanted, max).orElseGet(() -> fail(what + " not seen within " + max.toSeconds() + " s; lines: "
                + lines));
    }

    /** The first line matching {@code wanted}, polled for at most {@code max}; empty if none came. */
    Optional<String> within(Predicate<String> wanted, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        do {
            Optional<String> line = lines.stream().filter(wanted).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Waits (bounded) for the last lines once the child ended. */
    void drain() throws InterruptedException {
        reader.join(5000);
    }
}
