package dev.whokilled.agent.testing;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A disk that fills up, for real: a tmpfs of a few hundred KiB mounted on a test's own directory,
 * unmounted by {@link #close}. Needs root: skips without it, except under {@code CI=true}, where it
 * fails. Not thread-safe.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path mount;

    private SmallTmpfs(Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs of {@code size} (as mount(8) takes it: {@code 256k}, {@code 1m}) on {@code dir}, created if missing. */
    public static SmallTmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "whokilled-test",
                dir.toString()) == 0;
        LivePrerequisites.require(mounted, "cannot mount a tmpfs at " + dir + " (needs root)");
        return new SmallTmpfs(dir);
    }

    public Path path() {
        return mount;
    }

    /** Writes file {@code name} until the filesystem is full (bounded to 64 MiB) and returns it. */
    public Path fill(String name) throws IOException {
        Path filler = mount.resolve(name);
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 16_384; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            return filler; // No space left on device
        }
        throw new IllegalStateException("the tmpfs at " + mount + " took 64 MiB without filling up");
    }

    /** Gives the filesystem another size: space returns without deleting anything. */
    public void resize(String size) throws IOException, InterruptedException {
        if (run("mount", "-o", "remount,size=" + size, mount.toString()) != 0) {
            throw new IOException("cannot resize the tmpfs at " + mount + " to " + size);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", "-l", mount.toString()) != 0) {
            throw new IOException("cannot unmount the test's tmpfs at " + mount);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
