package dev.whokilled.cli.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code whokilled ARGS} from the built jar left running ({@code watch}, {@code list -f}), its stdout and stderr
 * collected line by line as they come. {@link #close} SIGKILLs it if a test left it running.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Lines out;
    private final Lines err;

    private CliProcess(Process process) {
        this.process = process;
        this.out = new Lines(process.getInputStream(), "whokilled-stdout");
        this.err = new Lines(process.getErrorStream(), "whokilled-stderr");
    }

    static CliProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", LiveHarness.JAR.toString()));
        cmd.addAll(List.of(args));
        return new CliProcess(new ProcessBuilder(cmd).start());
    }

    Lines out() {
        return out;
    }

    Lines err() {
        return err;
    }

    /** SIGTERM, as systemd or a terminal's hang-up would end it, then its exit code (bounded: -1 if it hung). */
    int stop() throws InterruptedException {
        process.toHandle().destroy(); // not Process.destroy(), which would close our end of its pipes too
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        out.drain();
        err.drain();
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
