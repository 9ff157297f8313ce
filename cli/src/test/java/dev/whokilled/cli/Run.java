package dev.whokilled.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Test helper: runs the CLI in-process, built for its arguments as {@code main} builds it, with captured output and a fixed environment. */
record Run(int code, String out, String err) {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T18:00:00Z"), ZoneOffset.UTC);

    static Run of(String... args) {
        return with(new ByteArrayInputStream(new byte[0]), Path.of("/nonexistent/kmsg"), args);
    }

    static Run with(InputStream stdin, Path kmsg, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), new Environment(CLOCK, stdin, kmsg), args)
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** With a fake proc root (the kernel's counters, the boot id). */
    static Run inProc(Path proc, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err),
                new Environment(CLOCK, new ByteArrayInputStream(new byte[0]), Path.of("/nonexistent/kmsg"), proc), args).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** As on a terminal, with these environment variables (pager, colour). */
    static Run onTerminal(Map<String, String> variables, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err), new Environment(CLOCK,
                new ByteArrayInputStream(new byte[0]), Path.of("/nonexistent/kmsg"), Path.of("/proc"), variables, true), args)
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A fixture of the rules module's test resources (the shared captures, with a '#' header). */
    static String fixture(String name) {
        return Path.of("..", "rules", "src", "test", "resources", "fixtures", name).toString();
    }
}
