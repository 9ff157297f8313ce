package dev.whokilled.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whokilled.agent.store.EventStore;
import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.cli.input.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * whokilled run by a user who may read neither the store nor the kernel log ({@code nobody}, via
 * {@code setpriv}): each command says exactly what is missing and how to get it, in one line, with
 * no stack trace. Needs root (to become nobody); sets {@code kernel.dmesg_restrict=1} for the test and restores
 * the value it found afterwards.
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class NonRootIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DMESG_RESTRICT = Path.of("/proc/sys/kernel/dmesg_restrict");

    /** The kernel.dmesg_restrict found before the test, when the test changed it; restored after. */
    private String dmesgRestrictBefore;

    private Path dir;
    private Path jar;
    private Path store;

    @BeforeEach
    void prepare() throws Exception {
        List<String> missing = new ArrayList<>();
        boolean root = "0".equals(run(List.of("id", "-u")).out().strip());
        if (!root) {
            missing.add("not root");
        } else {
            String before = Files.readString(DMESG_RESTRICT).strip();
            if (!"1".equals(before)) {
                Files.writeString(DMESG_RESTRICT, "1\n");
                dmesgRestrictBefore = before;
            }
        }
        if (Executables.onPath("setpriv").isEmpty()) {
            missing.add("setpriv (util-linux) not installed");
        }
        if (!"1".equals(Files.readString(Path.of("/proc/sys/kernel/dmesg_restrict")).strip())) {
            missing.add("kernel.dmesg_restrict is not 1 and could not be set: users may read the kernel log here");
        }
        if (!Files.isRegularFile(LiveHarness.JAR)) {
            missing.add("jar not built");
        }
        LiveHarness.requireOrSkip("non-root test", missing);
        // The build tree may sit in a directory nobody cannot enter: the jar goes where it can.
        dir = Files.createTempDirectory("whokilled-nonroot");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.copy(LiveHarness.JAR, dir.resolve("whokilled.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        store = dir.resolve("store");
        EventStore.open(store, StoreConfig.defaults(), Clock.systemUTC()).close(); // root's store: 0750
    }

    @AfterEach
    void remove() throws IOException {
        if (dmesgRestrictBefore != null) {
            Files.writeString(DMESG_RESTRICT, dmesgRestrictBefore + "\n");
            dmesgRestrictBefore = null;
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private Result asNobody(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "env", "HOME=" + dir, "java", "-XX:+UseSerialGC", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Result r = run(cmd);
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), "no stack trace: " + r.err());
        return r;
    }

    @Test
    void list_storeOfRoot_saysPermissionDeniedAndWhatToDo() throws Exception {
        Result r = asNobody("list", "--store", store.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("whokilled: cannot read the store " + store + ": permission denied (run as root, or as a member of"
                + " the store's group)\n", r.err());
    }

    @Test
    void analyze_liveLog_namesBothSourcesAndWhyEachIsClosed() throws Exception {
        Result r = asNobody("analyze");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("/dev/kmsg: not permitted (kernel.dmesg_restrict=1"), r.err());
        assertTrue(r.err().contains("journal: ") || r.err().contains("journalctl: not installed"), r.err());
        assertTrue(r.err().contains("Pass a log file instead"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void doctor_reportsEachSourceClosedToThisUser_notAsOk() throws Exception {
        Result r = asNobody("doctor");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[missing] kernel log (/dev/kmsg)"), r.out());
        assertTrue(r.out().contains("not permitted (kernel.dmesg_restrict=1"), r.out());
        assertTrue(r.out().contains("[missing] signal senders"), r.out());
        assertTrue(r.out().contains("open to root only") || r.out().contains("tracefs not mounted"), r.out());
    }

    @Test
    void doctor_json_sameExitCode_eachClosedSourceMissingWithItsFix() throws Exception {
        Result r = asNobody("doctor", "-o", "json", "--store", store.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        Map<String, JsonNode> checks = new HashMap<>();
        for (String line : r.out().lines().toList()) {
            JsonNode check = JSON.readTree(line);
            checks.put(check.get("name").asText(), check);
        }
        for (String closed : List.of("kmsg", "tracefs", "store")) {
            assertEquals("missing", checks.get(closed).get("status").asText(), r.out());
            assertTrue(checks.get(closed).get("fix").asText().contains("root"), r.out());
        }
        assertTrue(checks.get("kmsg").get("detail").asText().contains("not permitted (kernel.dmesg_restrict=1"), r.out());
        assertEquals("whokilled: the agent cannot run: no kernel-log source is usable (see the fixes above).\n", r.err());
    }
}
