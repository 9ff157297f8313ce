package dev.whokilled.agent.source.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A {@code /proc} tree under a test directory: processes appear and vanish as the test says. */
final class FakeProc {
    final Path root;

    FakeProc(Path root) {
        this.root = root;
    }

    /** A process as the kernel would show it; {@code cmdline} uses spaces where the file has NULs. */
    FakeProc process(int pid, String comm, int ppid, long startTime, String cmdline) {
        try {
            Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
            Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid
                    + " 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 " + startTime + " 0 0 0\n");
            Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nUid:\t1000\t1000\t1000\t1000\n");
            Files.write(dir.resolve("cmdline"), cmdline.isEmpty() ? new byte[0]
                    : (cmdline.replace(' ', '\0') + "\0").getBytes(StandardCharsets.UTF_8));
            Files.writeString(dir.resolve("cgroup"), "4:memory:/user.slice\n0::/\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeProc gone(int pid) {
        try (Stream<Path> files = Files.walk(root.resolve(Integer.toString(pid)))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
