package dev.whokilled.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whokilled.agent.store.TimeWindow;
import dev.whokilled.cli.doctor.Check;
import dev.whokilled.cli.doctor.MachineProbe;
import dev.whokilled.cli.doctor.StoreProbe;
import dev.whokilled.cli.input.Executables;
import dev.whokilled.cli.render.JsonLines;
import dev.whokilled.cli.render.Terminal;
import dev.whokilled.rules.explain.Cause;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whokilled doctor}: what each source needs, whether this machine has it, and how to fix it. */
@Command(name = "doctor", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        header = "Check what the agent's sources need on this machine, and how to fix what is missing.",
        description = {
            "Checks each source of the agent: the kernel log (/dev/kmsg), the journal, exits (the netlink "
                    + "proc connector), signal senders (tracefs), and the cgroup layout; says why one is missing "
                    + "and how to fix it. Then the store (default, or --store DIR): its size, segments and time range, "
                    + "its health (modes, corrupt lines), whether an agent is writing to it, its newest gap; and the "
                    + "kernel's count of OOM kills this boot against the ones the store explains. "
                    + "Exit 0 when the agent could run (at least one kernel-log source works), 1 when it could not.",
            "",
            "With -o json, one object a line per check, in this order, for scripts and config management: "
                    + "name (kmsg, journal, proc_connector, tracefs, cgroups, store, store_health, store_writer, "
                    + "oom_kill_counter; the store checks after 'store' are left out when it cannot be listed), "
                    + "title (what the text output shows), status (ok, degraded or missing), detail, and fix (null "
                    + "when ok). The exit code is the same as in text; the closing sentence goes to stderr.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled doctor                     as root, before installing the agent",
            "  whokilled doctor --store /tmp/wk     the store of 'agent --store /tmp/wk'",
            "  whokilled doctor -o json | jq -r 'select(.fix) | .name + \": \" + .fix'",
            "                                       what to fix, one line each",
        })
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        List<Check> checks = new MachineProbe(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"), Executables.onPath("journalctl"))
                .checks();
        PrintWriter out = spec.commandLine().getOut();
        List<Check> all = new ArrayList<>(checks);
        all.addAll(storeChecks());
        for (Check c : all) {
            if (output.isJson()) {
                output.printJson(out, toJson(c));
            } else {
                out.printf("%-9s %s%n", "[" + c.status().label() + "]", Terminal.escape(c.what()));
                out.printf("          %s%n", Terminal.escape(c.detail()));
                c.fix().ifPresent(f -> out.printf("          fix: %s%n", Terminal.escape(f)));
            }
        }
        out.flush();
        boolean usable = MachineProbe.kernelLogUsable(checks);
        String verdict = usable ? "the agent can run: at least one kernel-log source works."
                : "the agent cannot run: no kernel-log source is usable (see the fixes above).";
        if (output.isJson()) {
            spec.commandLine().getErr().println("whokilled: " + verdict);
        } else {
            out.println(Character.toUpperCase(verdict.charAt(0)) + verdict.substring(1));
        }
        return usable ? ExitCodes.ANSWERED : ExitCodes.NOTHING_FOUND;
    }

    /** A check as one JSON object; the field names and status words are a contract with scripts (see --help). */
    static ObjectNode toJson(Check c) {
        ObjectNode o = JsonLines.mapper().createObjectNode();
        o.put("name", c.name());
        o.put("title", c.what());
        o.put("status", c.status().label());
        o.put("detail", c.detail());
        o.put("fix", c.fix().orElse(null));
        return o;
    }

    private List<Check> storeChecks() {
        Path dir;
        try {
            dir = store.directory();
        } catch (CliException e) {
            return List.of(new Check("store", "store", Check.Status.MISSING, e.getMessage(), Optional.of("pass --store DIR")));
        }
        StoreProbe probe = new StoreProbe(Path.of("/proc"));
        Optional<String> boot = probe.bootId();
        return probe.checks(dir, entries -> {
            long[] oom = {0};
            var stats = StoreAnalysis.scan(dir, TimeWindow.ALL, entries, d -> {
                if (d.termination().cause() == Cause.OOM_KILL && boot.isPresent()
                        && d.termination().when().bootId().equals(boot)) {
                    oom[0]++;
                }
            });
            return new StoreProbe.Scanned(stats, oom[0]);
        });
    }
}
