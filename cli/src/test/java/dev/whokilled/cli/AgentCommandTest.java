package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's start-up refusals that come before any kernel interface is opened, so they run without root. */
class AgentCommandTest {
    @TempDir
    Path dir;

    @Test
    void agent_worldWritableConfig_exits2NamingPathAndMode() throws Exception {
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, "exits.settle=1s\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-rw-rw-"));

        Run r = Run.of("agent", "--store", dir.resolve("store").toString(), "--config", conf.toString());

        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains(conf + ": world-writable (mode 0666)"), r.err());
        assertTrue(Files.notExists(dir.resolve("store")), "nothing created before the refusal");
    }

    @Test
    void agent_configInWorldWritableDirectory_exits2NamingDirectoryAndMode() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path conf = open.resolve("agent.conf");
        Files.writeString(conf, "exits.settle=1s\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        Run r = Run.of("agent", "--store", dir.resolve("store").toString(), "--config", conf.toString());

        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("its directory " + open + " is world-writable (mode 0777)"), r.err());
    }
}
