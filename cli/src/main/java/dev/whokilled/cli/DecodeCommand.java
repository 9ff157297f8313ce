package dev.whokilled.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whokilled.cli.render.JsonLines;
import dev.whokilled.rules.exit.CoreDump;
import dev.whokilled.rules.exit.DecodedStatus;
import dev.whokilled.rules.exit.ExitStatusDecoder;
import dev.whokilled.rules.exit.UndecodableValueException;
import dev.whokilled.rules.signal.AnySignal;
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
 * {@code whokilled decode VALUE...}: what an exit status, wait status, return code or signal means for the process.
 * Not thread-safe (picocli fills its fields).
 */
@Command(name = "decode", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        description = {
            "What does exit status 137 mean? Decodes exit statuses, raw wait(2) statuses, negative return codes and "
                    + "signal names into what happened to the process, its usual causes and where to look next.",
            "",
            "0-255 is read as a shell/container status (128+N = killed by signal N), larger numbers and 0x... as a "
                    + "raw wait status, -N as Python's subprocess returncode (killed by signal N). An ambiguous value "
                    + "gets every reading, most likely first.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  whokilled decode 137            SIGKILL: OOM killer, kill -9, stop timeout?",
            "  whokilled decode 143 139        several values at once",
            "  whokilled decode -9             Python's subprocess returncode -9",
            "  whokilled decode 0x8b           a raw wait status: SIGSEGV, core dumped",
            "  whokilled decode KILL           a signal, and the exit status it produces",
            "  whokilled decode -o json 137    JSON Lines, one object per reading",
        })
final class DecodeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "VALUE",
            description = "An exit status (137), a wait status (0x8b, 32512), a return code (-9) or a signal (KILL, SIGTERM, 9).")
    List<String> values;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<List<DecodedStatus>> decoded = new ArrayList<>();
        for (String value : values) {
            try {
                decoded.add(ExitStatusDecoder.decode(value));
            } catch (UndecodableValueException e) {
                throw CliException.usage(e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < values.size(); i++) {
            if (output.isJson()) {
                for (DecodedStatus reading : decoded.get(i)) {
                    output.printJson(out, toJson(values.get(i), reading));
                }
            } else {
                if (i > 0) {
                    out.println();
                }
                printText(out, values.get(i).strip(), decoded.get(i));
            }
        }
        out.flush();
        return ExitCodes.ANSWERED;
    }

    /** The headline first, on the value's line; alternative readings after an "Or," line. */
    private static void printText(PrintWriter out, String value, List<DecodedStatus> readings) {
        String indent = " ".repeat(value.length() + 2);
        for (int r = 0; r < readings.size(); r++) {
            DecodedStatus d = readings.get(r);
            if (r == 0) {
                out.println(value + ": " + d.headline());
                if (readings.size() > 1) {
                    out.println(indent + "(read as " + d.interpretation().description() + ")");
                }
            } else {
                out.println(indent + "Or, read as " + d.interpretation().description() + ": " + d.headline());
            }
            for (String note : d.notes()) {
                out.println(indent + "- " + note);
            }
        }
    }

    private static ObjectNode toJson(String value, DecodedStatus d) {
        ObjectNode o = JsonLines.mapper().createObjectNode();
        o.put("input", value);
        o.put("reading", d.interpretation().name().toLowerCase(Locale.ROOT));
        o.put("fate", d.fate().name().toLowerCase(Locale.ROOT));
        putOptional(o, "status", d.shellStatus().isPresent() ? d.shellStatus().getAsInt() : null);
        putOptional(o, "code", d.exitCode().isPresent() ? d.exitCode().getAsInt() : null);
        putOptional(o, "signal", d.signal().map(AnySignal::number).orElse(null));
        if (d.signal().isPresent()) {
            o.put("signal_name", d.signal().get().signalName());
        } else {
            o.putNull("signal_name");
        }
        if (d.coreDump() == CoreDump.UNKNOWN) {
            o.putNull("core_dumped");
        } else {
            o.put("core_dumped", d.coreDump() == CoreDump.DUMPED);
        }
        o.put("headline", d.headline());
        d.notes().forEach(o.putArray("notes")::add);
        return o;
    }

    private static void putOptional(ObjectNode o, String field, Integer value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value.intValue());
        }
    }
}
