package dev.whokilled.cli;

import dev.whokilled.cli.input.Executables;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * Pages a command's output as systemd's tools do: only when standard output is a terminal, through
 * {@code $WHOKILLED_PAGER}, else {@code $SYSTEMD_PAGER}, else {@code $PAGER}, else {@code less}
 * (then {@code more}); an empty value or {@code cat} means no pager. {@code less} gets
 * {@code LESS=FRSXMK} ({@code $SYSTEMD_LESS} if set): it quits at once when the output fits one
 * screen, keeps colours and chops long lines. A pager that cannot start means printing directly.
 */
final class Pager {
    /** The variables that name a pager, first set wins. */
    static final List<String> VARIABLES = List.of("WHOKILLED_PAGER", "SYSTEMD_PAGER", "PAGER");
    private static final List<String> FALLBACKS = List.of("less", "more");

    private Pager() {
    }

    /** A command that wants a pager: {@code --no-pager} and modes such as {@code --follow} say no. */
    interface Paged {
        boolean wantsPager();
    }

    /** {@code --no-pager}; a picocli mixin. */
    static final class Option {
        @CommandLine.Option(names = "--no-pager", description = "Do not pipe the output into a pager ($PAGER, less).")
        boolean noPager;
    }

    /**
     * The shell command of the pager to run, if any: a pure function of whether standard output is
     * a terminal, whether the command wants one, the environment, and which programs can run.
     */
    static Optional<String> choose(boolean terminal, boolean wanted, Map<String, String> env, Predicate<String> runnable) {
        if (!terminal || !wanted) {
            return Optional.empty();
        }
        for (String variable : VARIABLES) {
            String value = env.get(variable);
            if (value != null) {
                String command = value.strip();
                if (command.isEmpty() || command.equals("cat")) {
                    return Optional.empty();
                }
                if (runnable.test(command.split("\\s+")[0])) {
                    return Optional.of(command);
                }
                break; // not installed: fall back as systemd does
            }
        }
        return FALLBACKS.stream().filter(runnable).findFirst();
    }

    /** What the pager's environment gets on top of ours: less's options, and UTF-8 (our output's charset). */
    static Map<String, String> variables(Map<String, String> env) {
        Map<String, String> add = new HashMap<>();
        add.put("LESS", env.getOrDefault("SYSTEMD_LESS", "FRSXMK"));
        if (!env.containsKey("LESSCHARSET")) {
            add.put("LESSCHARSET", "utf-8");
        }
        return add;
    }

    /** Runs the parsed command, its output piped into the pager when {@link #choose} picks one. */
    static int around(CommandLine.ParseResult parsed, Environment env, IntSupplier run) {
        List<CommandLine> chain = parsed.asCommandLineList();
        CommandLine leaf = chain.get(chain.size() - 1);
        boolean wanted = leaf.getCommand() instanceof Paged p && p.wantsPager()
                && !leaf.getParseResult().isUsageHelpRequested() && !leaf.getParseResult().isVersionHelpRequested();
        Optional<String> command = choose(env.stdoutIsTerminal(), wanted, env.variables(), Pager::runnable);
        if (command.isEmpty()) {
            return run.getAsInt();
        }
        Process pager;
        try {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command.get())
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(variables(env.variables()));
            pager = builder.start();
        } catch (IOException e) {
            return run.getAsInt();
        }
        PrintWriter direct = leaf.getOut();
        PrintWriter piped = new PrintWriter(new OutputStreamWriter(pager.getOutputStream(), StandardCharsets.UTF_8));
        leaf.setOut(piped);
        try {
            return run.getAsInt();
        } finally {
            piped.close();
            waitFor(pager);
            leaf.setOut(direct);
        }
    }

    private static boolean runnable(String program) {
        return program.contains("/") ? Files.isExecutable(Path.of(program)) : Executables.onPath(program).isPresent();
    }

    /** Until the reader quits: the output is on the screen until then. */
    private static void waitFor(Process pager) {
        boolean interrupted = false;
        while (true) {
            try {
                pager.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
