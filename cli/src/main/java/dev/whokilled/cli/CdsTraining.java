package dev.whokilled.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the class-data archive that the {@code whokilled} launcher makes: runs, in one
 * JVM and as {@link Main} builds them, the commands whose start-up matters (decode, signals, list, and
 * analyze of the kernel log on standard input and of the log files given as arguments, such as an OOM
 * report), so that the archive holds the classes and linked
 * lambdas of each, not only those of the one command a plain run would train. Output is discarded;
 * nothing is written but an empty store directory, removed again. Not thread-safe; not a command.
 */
public final class CdsTraining {
    private static final List<List<String>> RUNS = List.of(
            List.of("decode", "137"),
            List.of("decode", "-o", "json", "0x8b", "KILL"),
            List.of("signals"),
            List.of("signals", "SEGV"));

    private CdsTraining() {
    }

    /** @param args log files to analyze after standard input */
    public static void main(String[] args) throws IOException {
        PrintWriter none = new PrintWriter(OutputStream.nullOutputStream());
        Environment env = Environment.system();
        List<String> analyze = new java.util.ArrayList<>(List.of("analyze", "--json", "-"));
        analyze.addAll(List.of(args));
        execute(none, env, analyze.toArray(String[]::new));
        for (List<String> run : RUNS) {
            execute(none, env, run.toArray(String[]::new));
        }
        Path store = Files.createTempDirectory("whokilled-training");
        try {
            execute(none, env, "list", "--since", "1h ago", "--store", store.toString());
        } finally {
            Files.delete(store);
        }
    }

    private static void execute(PrintWriter none, Environment env, String... args) {
        Cli.newCommandLine(none, none, env, args).execute(args);
        none.flush();
    }
}
