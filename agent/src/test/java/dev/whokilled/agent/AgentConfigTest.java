package dev.whokilled.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        Path file = dir.resolve("agent.conf");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    @Test
    void reloaded_takesWhatRunsLive_andNamesWhatWaitsForARestart() throws Exception {
        AgentConfig running = AgentConfig.load(write("exits.settle=200ms\nsignals.traceInstance=whokilled\n"));
        AgentConfig next = AgentConfig.load(write("exits.settle=1s\nsignals.traceInstance=other\nstore.group=\n"
                + "store.maxAge=7d\n"));

        AgentConfig reloaded = running.reloaded(next);

        assertEquals(java.time.Duration.ofSeconds(1), reloaded.settle());
        assertEquals("whokilled", reloaded.traceInstance());
        assertEquals(running.storeGroup(), reloaded.storeGroup());
        assertEquals(running.store(), reloaded.store());
        assertEquals(java.util.List.of("store bounds (store.maxSegmentBytes, store.maxTotalBytes, store.maxAge)",
                "signals.traceInstance", "store.group"), running.restartOnlyChanges(next));
        assertEquals(java.util.List.of(), running.restartOnlyChanges(reloaded));
    }

    @Test
    void defaults_redactSecrets() {
        assertTrue(AgentConfig.defaults().redactSecrets());
    }

    @Test
    void load_redactSecretsFalse_turnsItOff() throws Exception {
        assertFalse(AgentConfig.load(write("store.redactSecrets = false\n")).redactSecrets());
        assertTrue(AgentConfig.load(write("store.redactSecrets=true\n")).redactSecrets());
        assertTrue(AgentConfig.load(write("exits.settle=1s\n")).redactSecrets());
    }

    @Test
    void load_storeGroup_defaultAdm_emptyMeansNone_otherwiseTheName() throws Exception {
        assertEquals(java.util.Optional.of("adm"), AgentConfig.load(write("")).storeGroup());
        assertEquals(java.util.Optional.empty(), AgentConfig.load(write("store.group=\n")).storeGroup());
        assertEquals(java.util.Optional.of("whokilled"), AgentConfig.load(write("store.group = whokilled\n")).storeGroup());
    }

    @Test
    void load_redactSecretsNotBoolean_namesKeyAndValue() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.load(write("store.redactSecrets=yes\n")));
        assertEquals("store.redactSecrets must be true or false, got 'yes'", e.getMessage());
    }

    @Test
    void load_worldWritableFile_refusedWithMode() throws Exception {
        Path file = write("exits.settle=1s\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        var e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.load(file));
        assertEquals("world-writable (mode 0666); refusing to use it, since any user could change what the agent"
                + " records (chmod o-w " + file + ")", e.getMessage());
    }

    @Test
    void load_worldWritableDirectory_refusedNamingIt() throws Exception {
        Path file = write("exits.settle=1s\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        var e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.load(file));
        assertTrue(e.getMessage().startsWith("its directory " + dir + " is world-writable (mode 0777)"), e.getMessage());
    }

    @Test
    void load_groupWritable_accepted() throws Exception {
        Path file = write("exits.settle=1s\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));

        assertEquals(java.time.Duration.ofSeconds(1), AgentConfig.load(file).settle());
    }
}
