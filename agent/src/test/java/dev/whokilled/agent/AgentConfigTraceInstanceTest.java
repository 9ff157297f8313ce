package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTraceInstanceTest {
    @TempDir
    Path dir;

    @Test
    void load_traceInstance_defaultAndSetAndRejected() throws Exception {
        assertEquals("whokilled", AgentConfig.defaults().traceInstance());
        Path file = dir.resolve("agent.conf");
        Files.writeString(file, "signals.traceInstance=whokilled-test-1\n");
        assertEquals("whokilled-test-1", AgentConfig.load(file).traceInstance());
        Files.writeString(file, "signals.traceInstance=../escape\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.load(file));
        assertTrue(e.getMessage().startsWith("signals.traceInstance must be 1-64 letters"), e.getMessage());
    }
}
