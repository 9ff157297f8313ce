package dev.whokilled.cli;

import java.io.PrintWriter;

/** Entry point of the {@code whokilled} command; the only caller of {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = Cli.newCommandLine(out, err, Environment.system(), args).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
