package dev.whokilled.cli;

import dev.whokilled.agent.Agent;
import dev.whokilled.agent.AgentConfig;
import dev.whokilled.agent.AgentLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/** {@code whokilled agent}: the recording agent, in the foreground (systemd runs it as a service). */
@Command(name = "agent", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        header = "Run the agent: record every death as it happens (needs root).",
        description = {
            "Follows the kernel log (/dev/kmsg), every exit with its wait status (netlink proc connector) and "
                    + "every fatal signal with its sender (tracefs), and keeps the facts in the store for 'list', "
                    + "'explain' and 'watch'. Each source that cannot start is logged with the reason; the agent needs "
                    + "at least the kernel log. Log lines go to stderr with syslog priority prefixes (<3>, <4>, <6>). "
                    + "SIGTERM or SIGINT: stop, flush, checkpoint, exit 0. SIGHUP: reload --config (a bad file keeps "
                    + "the old settings, and the log says why).",
            "",
            "Settings (--config, a properties file): exits.store (comm regexes whose non-zero exits are kept, "
                    + "default none), signals.window (10m), exits.settle (200ms), store.flushInterval (100ms), "
                    + "store.maxSegmentBytes (64 MiB), store.maxTotalBytes (512 MiB), store.maxAge (30d), "
                    + "signals.traceInstance (whokilled: the tracefs instance it owns; two agents need two), "
                    + "store.redactSecrets (true: secret values in command lines are stored as ***), store.group (adm: "
                    + "may read the store; empty: root only), export.journal (auto), export.file, export.file.format "
                    + "(native or ecs), metrics.listen (none; e.g. 127.0.0.1:9464), metrics.textfile (none). A --config "
                    + "file or directory that others may write is refused (exit 2).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled agent                          store in /var/lib/whokilled",
            "  whokilled agent --store /tmp/wk --config /etc/whokilled/agent.conf",
            "  systemctl enable --now whokilled-agent   as a service (packaging/install.sh)",
        })
final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", description = "Store directory (default /var/lib/whokilled for root, $XDG_STATE_HOME/whokilled otherwise).")
    Path store;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (properties); reloaded on SIGHUP.")
    Path config;

    @Option(names = "--export-file", paramLabel = "FILE", description = "Also write each termination as one JSON line "
            + "to FILE, for log shippers (overrides export.file; the unit uses /var/log/whokilled/events.jsonl).")
    Path exportFile;

    private final Environment env;

    AgentCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        AgentLog log = new AgentLog(spec.commandLine().getErr());
        Path dir = store != null ? store : StoreDirectory.resolve();
        Agent agent = new Agent(dir, loadConfig(), Agent.Paths.system(), env.clock(), log);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("HUP"), s -> reload(agent, log));
        try {
            agent.start();
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.USAGE, "cannot start the agent: " + e.getMessage(), e);
        }
        stop.await();
        try {
            agent.close();
        } catch (IOException e) {
            log.error("stopped with an error: " + e.getMessage());
            return ExitCodes.INTERNAL_ERROR;
        }
        log.info("whokilled agent stopped");
        return ExitCodes.ANSWERED;
    }

    private AgentConfig loadConfig() {
        return withFlags(config == null ? AgentConfig.defaults() : loadConfigFile());
    }

    /** The settings with what the command line overrides. */
    private AgentConfig withFlags(AgentConfig loaded) {
        return exportFile == null ? loaded : loaded.withExports(loaded.exports().withFile(exportFile.toAbsolutePath()));
    }

    private AgentConfig loadConfigFile() {
        try {
            return AgentConfig.load(config);
        } catch (IOException e) {
            throw CliException.usage(config + ": cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw CliException.usage(config + ": " + e.getMessage());
        }
    }

    private void reload(Agent agent, AgentLog log) {
        if (config == null) {
            log.info("SIGHUP: no --config to reload");
            return;
        }
        try {
            agent.reconfigure(withFlags(AgentConfig.load(config)));
        } catch (IOException | IllegalArgumentException e) {
            log.error("SIGHUP: keeping the current settings: " + config + ": " + e.getMessage());
        }
    }
}
