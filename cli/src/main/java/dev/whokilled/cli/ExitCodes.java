package dev.whokilled.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** whokilled's own exit codes (DESIGN.md); {@code --help} lists them. */
public final class ExitCodes {
    /** The question was answered. */
    public static final int ANSWERED = 0;
    /** Nothing was found for the question asked (e.g. {@code --pid} not in the log). */
    public static final int NOTHING_FOUND = 1;
    /** Usage error, or input that could not be read. */
    public static final int USAGE = 2;

    /** A bug in whokilled: the message says so and {@code -v} prints the stack trace. */
    public static final int INTERNAL_ERROR = 3;

    /** Adds the "Exit codes:" section to the help of the command and all its subcommands. */
    static void documentIn(CommandLine cmd) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(String.valueOf(ANSWERED), "Answered.");
        codes.put(String.valueOf(NOTHING_FOUND), "Nothing found for the question asked.");
        codes.put(String.valueOf(USAGE), "Usage error or unreadable input.");
        codes.put(String.valueOf(INTERNAL_ERROR), "Internal error (a bug; rerun with -v and report it).");
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cmd.getSubcommands().values().forEach(ExitCodes::documentIn);
    }

    private ExitCodes() {
    }
}
