package dev.whokilled.cli.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes a live test started: {@link #close} SIGKILLs, by pid, each one still alive and reaps it
 * (bounded), whatever the test did. Not thread-safe; one per test instance.
 */
final class Children implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();

    /** Starts {@code command}, its stderr discarded, and keeps it for {@link #close}. */
    Process start(String... command) throws IOException {
        return add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Keeps a process started otherwise. */
    Process add(Process p) {
        started.add(p);
        return p;
    }

    /** Whether {@code pid} is one of them. */
    boolean contains(long pid) {
        return started.stream().anyMatch(p -> p.pid() == pid);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }
}
