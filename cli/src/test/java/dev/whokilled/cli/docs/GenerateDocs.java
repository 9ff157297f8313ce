package dev.whokilled.cli.docs;

import dev.whokilled.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step, not a test: writes the man pages' AsciiDoc and the shell completions from the
 * command model {@link Cli#newCommandLine} builds, so they cannot drift from {@code --help}. The
 * cli pom runs it in {@code prepare-package} (exec:java on the test classpath, where
 * picocli-codegen is, so it stays out of the shipped jar); asciidoctor then renders the pages.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    /** {@code GenerateDocs ADOC_DIR COMPLETION_DIR}. */
    public static void main(String[] args) throws IOException {
        Path adoc = Path.of(args[0]);
        Path completion = Path.of(args[1]);
        CommandLine cli = Cli.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(System.err, true));
        // 'help' and 'generate-completion' are for the shell session; their pages would teach nothing.
        cli.getSubcommands().get("help").getCommandSpec().usageMessage().hidden(true);
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        Files.createDirectories(adoc);
        int code = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, cli.getCommandSpec());
        if (code != 0) {
            throw new IOException("man page generation failed with code " + code);
        }
        List<String> pages = new ArrayList<>(List.of("whokilled"));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                pages.add("whokilled-" + name);
            }
        });
        for (String page : pages) {
            Files.writeString(adoc.resolve(page + ".adoc"), ManSections.of(page, pages), StandardOpenOption.APPEND);
        }
        Files.createDirectories(completion);
        String bash = AutoComplete.bash("whokilled", cli);
        Files.writeString(completion.resolve("whokilled.bash"), bash);
        Files.writeString(completion.resolve("_whokilled"), zsh(bash));
    }

    /**
     * zsh's own completion file: autoloaded from {@code $fpath} on the first TAB after
     * {@code whokilled}, it runs picocli's bash script through zsh's bashcompinit (whose
     * {@code complete} binds the command for the next TABs) and answers this first one. The script
     * aliases {@code compopt} for zsh, but an alias made while this file runs does not reach the
     * functions parsed with it ("command not found: compopt"); without it they skip compopt.
     */
    static String zsh(String bash) {
        return "#compdef whokilled\n"
                + "# zsh completion for whokilled: the bash completion below, run through zsh's bashcompinit.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash
                + "\nunalias compopt 2>/dev/null\n"
                + "_bash_complete -F _complete_whokilled -o default\n";
    }
}
