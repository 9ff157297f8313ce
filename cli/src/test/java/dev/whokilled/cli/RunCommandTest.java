package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Real child processes: the status a shell would report, and what is said on stderr when one dies by a signal. */
class RunCommandTest {
    @Test
    void run_normalExit_passesTheStatusThroughSilently() {
        Run r = Run.of("run", "--", "sh", "-c", "exit 3");
        assertEquals(3, r.code());
        assertEquals("", r.err());
    }

    @Test
    void run_killedBySignal_statusIs128PlusNAndStderrSaysWhatItMeans() {
        Run r = Run.of("run", "--", "sh", "-c", "kill -TERM $$");
        assertEquals(143, r.code());
        assertTrue(r.err().contains("ended with status 143: Killed by SIGTERM (15)"), r.err());
        // with no readable kernel log here (the test's kmsg does not exist) it falls back to the journal, if any
        assertTrue(r.err().contains("the kernel log could not be read") || r.err().contains("a process sent the signal"),
                r.err());
    }

    @Test
    void run_missingCommand_exits127WithOneLine() {
        Run r = Run.of("run", "--", "/nonexistent/command");
        assertEquals(127, r.code());
        assertTrue(r.err().startsWith("whokilled: /nonexistent/command: cannot run:"), r.err());
    }
}
