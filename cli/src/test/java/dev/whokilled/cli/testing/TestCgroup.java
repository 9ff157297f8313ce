package dev.whokilled.cli.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A memory cgroup (v1) made for one test, as a child of the test process's own memory cgroup, with
 * a small limit; removed on close. Never touches any other group, so an OOM it causes stays inside.
 */
public final class TestCgroup implements AutoCloseable {
    private static final Path MEMORY_ROOT = Path.of("/sys/fs/cgroup/memory");

    private final Path dir;
    private final String path;

    private TestCgroup(Path dir, String path) {
        this.dir = dir;
        this.path = path;
    }

    /** Why a test cgroup cannot be made here, or empty when it can. */
    public static Optional<String> unavailable() {
        if (!Files.isDirectory(MEMORY_ROOT)) {
            return Optional.of("no cgroup v1 memory controller at " + MEMORY_ROOT);
        }
        try {
            Path own = MEMORY_ROOT.resolve(ownPath().substring(1));
            return Files.isWritable(own) ? Optional.empty() : Optional.of("cannot write " + own + " (not root?)");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/cgroup: " + e.getMessage());
        }
    }

    public static TestCgroup create(long limitBytes) throws IOException {
        String path = (ownPath().equals("/") ? "" : ownPath()) + "/whokilled-test-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = MEMORY_ROOT.resolve(path.substring(1));
        Files.createDirectory(dir);
        TestCgroup group = new TestCgroup(dir, path);
        Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
        return group;
    }

    /** The cgroup path as the kernel prints it ({@code oom_memcg=}). */
    public String path() {
        return path;
    }

    /** The file a shell writes its pid to, to move itself in. */
    public Path procs() {
        return dir.resolve("cgroup.procs");
    }

    private static String ownPath() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && parts[1].equals("memory")) {
                return parts[2];
            }
        }
        throw new IOException("no memory controller line in /proc/self/cgroup");
    }

    @Override
    public void close() throws IOException {
        // rmdir fails while a task is still inside; the caller has waited for its children.
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException busy) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while removing " + dir, e);
                }
            }
        }
        Files.deleteIfExists(dir);
    }
}
