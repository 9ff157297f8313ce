package dev.whokilled.cli.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The real agent, started from the built jar as a child process; its stderr lines are collected. */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private AgentProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                }
            } catch (IOException ignored) {
                // the agent closed its stderr: it is gone
            }
        }, "agent-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the agent on a store and waits (bounded) until it says it started. It gets a tracefs instance of its
     * own, so an agent already running on this machine (a service, another test) is neither disturbed nor in the way,
     * and writes nothing to the machine's journal ({@code export.journal=false}).
     */
    static AgentProcess start(Path jar, Path store) throws IOException, InterruptedException {
        return start(jar, store, "export.journal=false");
    }

    /** The same with more settings ({@code key=value} lines of the agent's configuration file). */
    static AgentProcess start(Path jar, Path store, String settings) throws IOException, InterruptedException {
        Path config = store.resolveSibling(store.getFileName() + ".conf");
        Files.writeString(config, "signals.traceInstance=whokilled-test-" + ProcessHandle.current().pid() + "\n"
                + settings + "\n");
        Process p = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xmx96m", "-jar", jar.toString(), "agent", "--store",
                store.toString(), "--config", config.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        AgentProcess agent = new AgentProcess(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (agent.log.stream().noneMatch(l -> l.contains("whokilled agent started"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                agent.close();
                throw new IllegalStateException("the agent did not start: " + agent.log);
            }
            Thread.sleep(50);
        }
        // A live test needs every source; an agent that started without one would only show up later as a missing death.
        String started = agent.log.stream().filter(l -> l.contains("whokilled agent started")).findFirst().orElseThrow();
        if (!started.contains("exits (proc connector)") || !started.contains("signal senders (tracefs)")) {
            agent.close();
            throw new IllegalStateException("the agent started without all its sources: " + agent.log);
        }
        return agent;
    }

    List<String> log() {
        return log;
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
        reader.join(5000); // the last lines may still be in the pipe
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
