package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompletionCommandTest {
    @Test
    void generateCompletion_printsBashScriptThatKnowsTheCommandsAndOptions() {
        Run run = Run.of("generate-completion");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("complete -F _complete_whokilled"), run.out());
        for (String word : new String[] {"analyze", "list", "explain", "watch", "decode", "--since", "--format"}) {
            assertTrue(run.out().contains(word), word);
        }
    }

    @Test
    void generateCompletion_isListedInTheHelp() {
        Run run = Run.of("--help");
        assertTrue(run.out().contains("generate-completion  Generate bash/zsh completion script"), run.out());
    }
}
