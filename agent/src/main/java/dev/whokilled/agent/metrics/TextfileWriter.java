package dev.whokilled.agent.metrics;

import dev.whokilled.agent.AgentLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps a node_exporter textfile ({@code --collector.textfile.directory}) up to date: the text is
 * rendered every {@link #CHECK_EVERY} and written when it changed, or when the file is
 * {@link #REWRITE_AFTER} old (so {@code node_textfile_mtime_seconds} tells the agent is alive).
 * Each write goes to a temporary file beside it, which is then renamed over it, so node_exporter
 * never reads half a file; the temporary name does not end in {@code .prom}, which node_exporter
 * ignores. On close the file is removed: a stopped agent's series vanish rather than claim its
 * sources are up. Thread-safe: its own daemon thread writes.
 */
public final class TextfileWriter implements AutoCloseable {
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    static final Duration REWRITE_AFTER = Duration.ofSeconds(60);

    private final Path file;
    private final Path temp;
    private final Supplier<String> body;
    private final AgentLog log;
    private final ScheduledExecutorService timer;
    private String written;
    private long writtenAtNanos;

    private TextfileWriter(Path file, Supplier<String> body, AgentLog log) {
        this.file = file;
        this.temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        this.body = body;
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-textfile");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Writes the file once now, then keeps it current.
     *
     * @throws IOException if the first write fails (no such directory, no permission): nothing is scheduled then
     */
    public static TextfileWriter start(Path file, Supplier<String> body, AgentLog log) throws IOException {
        TextfileWriter w = new TextfileWriter(Objects.requireNonNull(file, "file"), Objects.requireNonNull(body, "body"),
                Objects.requireNonNull(log, "log"));
        synchronized (w) {
            w.write(body.get());
        }
        w.timer.scheduleWithFixedDelay(w::refresh, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    private synchronized void refresh() {
        try {
            String text = body.get();
            if (!text.equals(written) || System.nanoTime() - writtenAtNanos >= REWRITE_AFTER.toNanos()) {
                write(text);
            }
        } catch (IOException | RuntimeException e) {
            log.once("textfile:" + e.getMessage(), "cannot write the metrics textfile " + file + ": " + e.getMessage()
                    + " (logged once; retried every " + CHECK_EVERY.toSeconds() + " s)");
        }
    }

    private void write(String text) throws IOException {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        // node_exporter runs as its own user: it must read the file (the series name no process, hold no secret)
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        written = text;
        writtenAtNanos = System.nanoTime();
    }

    /** Stops writing and removes the file. */
    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(file);
        }
    }
}
