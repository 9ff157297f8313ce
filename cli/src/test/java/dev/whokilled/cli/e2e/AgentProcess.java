package dev.whokilled.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real agent, started from the built jar as a child process; its stderr lines are collected. */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Lines log;

    private AgentProcess(Process process) {
        this.process = process;
        this.log = new Lines(process.getErrorStream(), "agent-stderr");
    }

    /**
     * Starts the agent on a store and waits (bounded) until it says it started. It gets a tracefs instance of its
     * own, so an agent already running on this machine (a service, another test) is neither disturbed nor in the way,
     * and writes nothing to the machine's journal.
     *
     * @param options more {@code whokilled agent} options, such as {@code --export-file FILE}
     */
    static AgentProcess start(Path jar, Path store, String... options) throws IOException, InterruptedException {
        return startWith(jar, store, "", options);
    }

    /** The same, with more settings (properties lines) in its configuration file. */
    static AgentProcess startWith(Path jar, Path store, String settings, String... options)
            throws IOException, InterruptedException {
        Path config = writeConfig(store, settings);
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-Xmx96m", "-jar", jar.toString(),
                "agent", "--store", store.toString(), "--config", config.toString()));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        AgentProcess agent = new AgentProcess(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (agent.log.all().stream().noneMatch(l -> l.contains("whokilled agent started"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                agent.close();
                throw new IllegalStateException("the agent did not start: " + agent.log.all());
            }
            Thread.sleep(50);
        }
        // A live test needs every source; an agent that started without one would only show up later as a missing death.
        String started = agent.log.all().stream().filter(l -> l.contains("whokilled agent started")).findFirst().orElseThrow();
        if (!started.contains("exits (proc connector)") || !started.contains("signal senders (tracefs)")) {
            agent.close();
            throw new IllegalStateException("the agent started without all its sources: " + agent.log.all());
        }
        return agent;
    }

    /**
     * Writes the configuration a test agent on {@code store} runs with (next to the store): a tracefs instance of
     * this test JVM's own, no journal export, and {@code settings} (properties lines); returns its path.
     */
    static Path writeConfig(Path store, String settings) throws IOException {
        Path config = store.resolveSibling(store.getFileName() + ".conf");
        Files.writeString(config, "signals.traceInstance=whokilled-test-" + ProcessHandle.current().pid() + "\n"
                + "export.journal=false\n" + settings);
        return config;
    }

    List<String> log() {
        return log.all();
    }

    /** SIGKILL, as the OOM killer or an operator's {@code kill -9} would: no flush, no checkpoint. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the agent survived SIGKILL for 10 s");
        }
        log.drain();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, and the exit code (bounded wait). */
    int stop() throws InterruptedException {
        // Process.destroy() would also close our end of its stderr and lose its last lines; the handle only signals.
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        log.drain(); // the last lines may still be in the pipe
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
