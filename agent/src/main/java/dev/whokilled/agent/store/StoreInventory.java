package dev.whokilled.agent.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The files of a store as they are on disk, for {@code whokilled doctor} and for the CLI to tell
 * whether an agent writes there; immutable, read without the lock and without decoding a line.
 *
 * <p>The lock file holds the writing agent's pid while it runs and is emptied on a clean close
 * ({@link EventStore}), so a pid there is either a running agent or one that crashed; whether
 * that process is alive is for the caller to check ({@code /proc/PID}), since only it knows the
 * proc root.
 *
 * @param directoryMode the directory's mode in octal ({@code 0750})
 * @param segments the segment files, oldest first
 * @param lockPid the pid written in the lock file; empty when there is no lock file, it is empty
 *     (the last agent closed cleanly) or it holds no number
 * @param lockMode the lock file's mode in octal, when there is one
 */
public record StoreInventory(Path directory, String directoryMode, List<SegmentFile> segments, OptionalLong lockPid,
                             Optional<String> lockMode) {
    /** The mode the agent gives the directory. */
    public static final String DIRECTORY_MODE = "0750";
    /** The mode the agent gives its files. */
    public static final String FILE_MODE = "0640";

    /**
     * One segment file.
     *
     * @param start the start its name spells
     * @param bytes its size
     * @param mode its mode in octal
     */
    public record SegmentFile(Path path, java.time.Instant start, long bytes, String mode) {
        public SegmentFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(mode, "mode");
        }
    }

    public StoreInventory {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(directoryMode, "directoryMode");
        segments = List.copyOf(segments);
        Objects.requireNonNull(lockPid, "lockPid");
        Objects.requireNonNull(lockMode, "lockMode");
    }

    /**
     * Lists the store in {@code dir}.
     *
     * @throws NoSuchFileException if there is no directory there (the agent never ran with it)
     * @throws IOException if it cannot be listed (permission denied)
     */
    public static StoreInventory of(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no whokilled store there");
        }
        String dirMode = mode(dir);
        List<SegmentFile> files = new ArrayList<>();
        for (Segments.Segment s : Segments.list(dir)) {
            try {
                files.add(new SegmentFile(s.path(), s.start(), Files.size(s.path()), mode(s.path())));
            } catch (NoSuchFileException e) {
                // retention deleted it while we listed: not part of the store any more
            }
        }
        Path lock = dir.resolve(Segments.LOCK_FILE);
        Optional<String> lockMode = Optional.empty();
        OptionalLong pid = OptionalLong.empty();
        if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
            lockMode = Optional.of(mode(lock));
            pid = parsePid(new String(Files.readAllBytes(lock), StandardCharsets.US_ASCII));
        }
        return new StoreInventory(dir, dirMode, files, pid, lockMode);
    }

    /** All segments' bytes. */
    public long totalBytes() {
        return segments.stream().mapToLong(SegmentFile::bytes).sum();
    }

    /** Whether a mode in octal lets others write. */
    public static boolean worldWritable(String octalMode) {
        return (Integer.parseInt(octalMode, 8) & 0002) != 0;
    }

    /** Whether a mode in octal lets others read. */
    public static boolean worldReadable(String octalMode) {
        return (Integer.parseInt(octalMode, 8) & 0004) != 0;
    }

    static OptionalLong parsePid(String content) {
        String s = content.strip();
        if (!s.matches("[1-9]\\d{0,9}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(s));
    }

    private static String mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return FileModes.octal(perms);
    }
}
