package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When output is paged and through what (a pure function), and one run through a real pager command. */
class PagerTest {
    private static final Predicate<String> LESS_AND_MORE = Set.of("less", "more", "most")::contains;

    @TempDir
    Path tmp;

    @Test
    void choose_notATerminalOrNotWanted_noPager() {
        assertEquals(Optional.empty(), Pager.choose(false, true, Map.of("PAGER", "most"), LESS_AND_MORE));
        assertEquals(Optional.empty(), Pager.choose(true, false, Map.of("PAGER", "most"), LESS_AND_MORE));
    }

    @Test
    void choose_variables_firstSetWinsInOrder() {
        Map<String, String> all = Map.of("WHOKILLED_PAGER", "most -s", "SYSTEMD_PAGER", "more", "PAGER", "less");
        assertEquals(Optional.of("most -s"), Pager.choose(true, true, all, LESS_AND_MORE));
        assertEquals(Optional.of("more"), Pager.choose(true, true, Map.of("SYSTEMD_PAGER", "more", "PAGER", "most"),
                LESS_AND_MORE));
        assertEquals(Optional.of("most"), Pager.choose(true, true, Map.of("PAGER", "most"), LESS_AND_MORE));
    }

    @Test
    void choose_emptyOrCat_disablesThePager() {
        assertEquals(Optional.empty(), Pager.choose(true, true, Map.of("WHOKILLED_PAGER", "", "PAGER", "less"), LESS_AND_MORE));
        assertEquals(Optional.empty(), Pager.choose(true, true, Map.of("PAGER", "cat"), LESS_AND_MORE));
    }

    @Test
    void choose_noVariableOrAMissingProgram_fallsBackToLessThenMore() {
        assertEquals(Optional.of("less"), Pager.choose(true, true, Map.of(), LESS_AND_MORE));
        assertEquals(Optional.of("less"), Pager.choose(true, true, Map.of("PAGER", "pg -n"), LESS_AND_MORE));
        assertEquals(Optional.of("more"), Pager.choose(true, true, Map.of(), "more"::equals));
        assertEquals(Optional.empty(), Pager.choose(true, true, Map.of(), p -> false));
    }

    @Test
    void variables_lessQuitsOnOneScreenKeepsColourAsSystemdSetsIt() {
        assertEquals(Map.of("LESS", "FRSXMK", "LESSCHARSET", "utf-8"), Pager.variables(Map.of("LESS", "i")));
        assertEquals(Map.of("LESS", "R"), Pager.variables(Map.of("SYSTEMD_LESS", "R", "LESSCHARSET", "latin1")));
    }

    @Test
    void analyze_onATerminal_pipesThroughThePagerCommand() throws Exception {
        Path log = crashLog();
        Path paged = tmp.resolve("paged.txt");
        Run r = Run.onTerminal(Map.of("WHOKILLED_PAGER", "cat > '" + paged + "'", "NO_COLOR", "1"), "analyze", log.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.readString(paged).startsWith("segv (pid 777) crashed"), Files.readString(paged));
    }

    @Test
    void analyze_noPagerOnATerminal_printsDirectlyWithTheAnswerInBold() throws Exception {
        Path paged = tmp.resolve("paged.txt");
        Run r = Run.onTerminal(Map.of("WHOKILLED_PAGER", "cat > '" + paged + "'"), "analyze", "--no-pager",
                crashLog().toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(paged));
        assertTrue(r.out().startsWith("\u001b[1msegv (pid 777) crashed"), r.out());
    }

    @Test
    void analyze_noColor_plainText() throws Exception {
        Run r = Run.onTerminal(Map.of("PAGER", "", "NO_COLOR", "1"), "analyze", crashLog().toString());
        assertTrue(r.out().startsWith("segv (pid 777) crashed"), r.out());
    }

    private Path crashLog() throws Exception {
        Path log = tmp.resolve("kmsg.txt");
        Files.writeString(log, "6,1,5000000,-;segv[777]: segfault at 0 ip 0000000000401000 sp 00007ffc00000000 error 4"
                + " in segv[400000+1000] likely on CPU 0 (core 0, socket 0)\n");
        return log;
    }
}
