package dev.whokilled.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whokilled.cli.render.JsonLines;
import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.Signal;
import dev.whokilled.rules.signal.Signals;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code whokilled signals [SIGNAL...]}: the signal table, like {@code kill -l} with meanings, or the full card for
 * the signals named. Not thread-safe (picocli fills its fields).
 */
@Command(name = "signals", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        description = {
            "The Linux signal table (x86-64/aarch64 numbers): number, name, default action, whether a process can "
                    + "catch it, and what it means. Name one or more signals for their full card, with who usually "
                    + "sends them.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled signals               all 64 signals",
            "  whokilled signals KILL          SIGKILL: meaning, usual senders, status 137",
            "  whokilled signals 15 RTMIN+3    cards for several signals, by number or name",
            "  whokilled signals -o json       JSON Lines, one object per signal",
        })
final class SignalsCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "SIGNAL",
            description = "Show the card of this signal: KILL, SIGKILL, kill, 9, RTMIN+3.")
    List<String> filters = new ArrayList<>();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<AnySignal> chosen = new ArrayList<>();
        for (String f : filters) {
            chosen.add(Signals.parse(f).orElseThrow(() -> CliException.usage(
                    "unknown signal '" + f + "': give a name (KILL, SIGTERM, RTMIN+3) or a number 1-64; "
                            + "'whokilled signals' lists them")));
        }
        PrintWriter out = spec.commandLine().getOut();
        List<AnySignal> shown = chosen.isEmpty() ? Signals.all() : chosen;
        if (output.isJson()) {
            for (AnySignal s : shown) {
                output.printJson(out, toJson(s));
            }
        } else if (chosen.isEmpty()) {
            printTable(out, shown);
        } else {
            for (int i = 0; i < shown.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                printCard(out, shown.get(i));
            }
        }
        out.flush();
        return ExitCodes.ANSWERED;
    }

    private static void printTable(PrintWriter out, List<AnySignal> signals) {
        int nameWidth = "NAME".length();
        int actionWidth = "DEFAULT ACTION".length();
        for (AnySignal s : signals) {
            nameWidth = Math.max(nameWidth, s.signalName().length());
            actionWidth = Math.max(actionWidth, s.defaultAction().description().length());
        }
        String format = "%3s  %-" + nameWidth + "s  %-" + actionWidth + "s  %-9s  %s%n";
        out.printf(format, "NUM", "NAME", "DEFAULT ACTION", "CATCHABLE", "MEANING");
        for (AnySignal s : signals) {
            out.printf(format, s.number(), s.signalName(), s.defaultAction().description(),
                    s.catchable() ? "yes" : "NO", s.meaning());
        }
    }

    /** The meaning first, then the facts an on-call engineer acts on. */
    private static void printCard(PrintWriter out, AnySignal s) {
        out.println(s.label() + ": " + s.meaning());
        out.println("  Default action: " + s.defaultAction().description());
        out.println("  Catchable:      " + (s.catchable() ? "yes: a process can catch, block or ignore it"
                : "no: it cannot be caught, blocked or ignored, so no cleanup runs"));
        if (s.defaultAction().ends()) {
            out.println("  Exit status:    " + s.shellStatus() + " (what a shell or container runtime shows when it kills a process)");
        }
        if (s instanceof Signal standard && !standard.aliases().isEmpty()) {
            out.println("  Also named:     " + String.join(", ", standard.aliases()));
        }
        if (!s.usualSenders().isEmpty()) {
            out.println("  Usual senders:");
            for (String sender : s.usualSenders()) {
                out.println("    - " + sender);
            }
        }
    }

    private static ObjectNode toJson(AnySignal s) {
        ObjectNode o = JsonLines.mapper().createObjectNode();
        o.put("number", s.number());
        o.put("name", s.signalName());
        o.put("default_action", s.defaultAction().name().toLowerCase(Locale.ROOT));
        o.put("default_action_description", s.defaultAction().description());
        o.put("catchable", s.catchable());
        o.put("meaning", s.meaning());
        if (s.defaultAction().ends()) {
            o.put("status", s.shellStatus());
        } else {
            o.putNull("status");
        }
        s.usualSenders().forEach(o.putArray("usual_senders")::add);
        List<String> aliases = s instanceof Signal standard ? standard.aliases() : List.of();
        aliases.forEach(o.putArray("aliases")::add);
        return o;
    }
}
