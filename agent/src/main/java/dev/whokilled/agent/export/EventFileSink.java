package dev.whokilled.agent.export;

import dev.whokilled.agent.AgentLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The event file for file-tailing shippers (rsyslog imfile, Vector, Fluent Bit, Filebeat, Alloy):
 * one JSON object per line, appended, each line with one {@code write()}. Not thread-safe: the
 * agent's writer thread owns it.
 *
 * <p>What shippers need from it (NOTES 5): a reader never sees half a line followed by another
 * line, since the whole line, newline included, goes down in one write to a file opened with
 * {@code O_APPEND}. Written bytes are never changed: when the next line would pass
 * {@code maxBytes}, the file is renamed to {@code events-<UTC yyyyMMdd'T'HHmmss'Z'>.jsonl}
 * ({@code -1}, {@code -2}, … when two rotations fall in one second) and a new one is created, so a
 * shipper following the inode reads the rest of the old file and then the new one from its start;
 * rotated files beyond {@code keep} are deleted, oldest first. File mode 0640 and directory 0750,
 * as for the store: command lines can hold secrets.
 *
 * <p>No fsync per line: shippers read the page cache, which has the line as soon as
 * {@code write()} returns, and the store is the durable record of every death (it is fsynced).
 * {@link #close()} forces the file to disk. A failed write (disk full, file system read-only) throws
 * with the file and the reason, and the next termination is tried again, so the file recovers when
 * space returns. A line the file system has no room for is refused whole (its free space is
 * checked first); should a short write still tear one (another writer took the space meanwhile),
 * the fragment is ended with a newline before the next line, so it stays one malformed line and
 * does not glue itself to the next.
 */
public final class EventFileSink implements TerminationSink {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");

    private final Path file;
    private final Function<ExportedTermination, String> render;
    private final long maxBytes;
    private final int keep;
    private final Clock clock;
    private final AgentLog log;
    private final String stem;
    private final String extension;
    private final Pattern rotatedName;
    private FileChannel channel;
    private FileStore store;
    private long size;
    private boolean torn;
    private long rotations;

    /**
     * Creates the directory (0750) if it is missing and opens the file for appending (created 0640).
     *
     * @param render one termination as one JSON object, without the newline
     * @param maxBytes the size a line may not push the file past (a longer line still goes alone into a new file)
     * @param keep how many rotated files are kept
     * @param clock names rotated files
     * @param log where a failed rotation or deletion is reported (once per kind)
     * @throws IOException when the directory cannot be made or the file not opened
     */
    public EventFileSink(Path file, Function<ExportedTermination, String> render, long maxBytes, int keep, Clock clock,
                         AgentLog log) throws IOException {
        this.file = file.toAbsolutePath();
        this.render = Objects.requireNonNull(render, "render");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        stem = dot > 0 ? name.substring(0, dot) : name;
        extension = dot > 0 ? name.substring(dot) : "";
        rotatedName = Pattern.compile(Pattern.quote(stem) + "-(\\d{8}T\\d{6}Z)(?:-(\\d+))?" + Pattern.quote(extension));
        Path dir = this.file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, DIR_MODE); // whatever the umask made of it
        }
        open();
    }

    /** The event file for the settings' {@code export.file}, in their format. */
    static EventFileSink open(ExportConfig config, Path file, EcsTerminations ecs, Clock clock, AgentLog log)
            throws IOException {
        Function<ExportedTermination, String> render = switch (config.fileFormat()) {
            case NATIVE -> new JsonExplanations()::toLine;
            case ECS -> t -> ecs.toLine(t, clock.instant());
        };
        return new EventFileSink(file, render, config.fileMaxBytes(), config.fileKeep(), clock, log);
    }

    @Override
    public String name() {
        return "event file " + file;
    }

    @Override
    public String label() {
        return "file";
    }

    /** Rotations since this sink was opened. */
    public long rotations() {
        return rotations;
    }

    @Override
    public void accept(ExportedTermination termination) throws IOException {
        byte[] line = (render.apply(termination) + "\n").getBytes(StandardCharsets.UTF_8);
        if (channel == null) {
            try {
                open(); // the last write failed: try again, the disk may have room now
            } catch (IOException e) {
                throw new IOException("cannot open " + file + " for appending: " + e.getMessage(), e);
            }
        }
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        // A line the file system has no room for is refused whole rather than cut short: a short write would leave a
        // fragment. Unallocated space counts the blocks reserved for root, which the agent may use.
        long free = store.getUnallocatedSpace();
        if (free < line.length + 1) {
            throw new IOException("cannot append " + line.length + " bytes to " + file + ": No space left on device ("
                    + free + " bytes free)");
        }
        ByteBuffer buffer = ByteBuffer.allocate(line.length + (torn ? 1 : 0));
        if (torn) {
            buffer.put((byte) '\n');
        }
        buffer.put(line).flip();
        int total = buffer.remaining();
        try {
            // One write(2) for the line; a regular file takes it whole unless the disk fills, and then the loop's
            // next write fails with the reason.
            while (buffer.hasRemaining()) {
                size += channel.write(buffer);
            }
            torn = false;
        } catch (IOException e) {
            torn = buffer.position() > 0 || torn;
            closeQuietly();
            throw new IOException("cannot append " + total + " bytes to " + file + ": " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        boolean created = !Files.exists(file);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (created) {
            Files.setPosixFilePermissions(file, FILE_MODE);
        }
        size = channel.size();
        store = Files.getFileStore(file);
    }

    /** Renames the file away and starts a new one; a rename that fails leaves the lines in the current file. */
    private void rotate() throws IOException {
        Path target = rotatedTarget();
        if (torn) {
            // end the fragment a failed write left, in the file it is in; best effort, the disk was full
            try {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                torn = false;
            } catch (IOException e) {
                torn = true;
            }
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.once("event-file-rotate:" + file, "cannot rotate " + file + " to " + target + ": " + e.getMessage()
                    + "; it grows past export.file.maxBytes until a rotation succeeds (logged once)");
            return;
        }
        rotations++;
        FileChannel old = channel;
        channel = null;
        old.close();
        open();
        prune();
    }

    /**
     * {@code events-STAMP.jsonl}, or past the highest counter already used in this second: a name is never reused,
     * even after the file it named was deleted, since a shipper may remember it.
     */
    private Path rotatedTarget() throws IOException {
        String stamp = STAMP.format(clock.instant());
        int next = rotatedFiles().stream().filter(r -> r.stamp().equals(stamp)).mapToInt(r -> r.n() + 1).max().orElse(0);
        return file.resolveSibling(stem + "-" + stamp + (next == 0 ? "" : "-" + next) + extension);
    }

    private record Rotated(Path path, String stamp, int n) {
    }

    /** The rotated files beside the event file, oldest first. */
    private List<Rotated> rotatedFiles() throws IOException {
        List<Rotated> rotated = new ArrayList<>();
        try (Stream<Path> entries = Files.list(file.getParent())) {
            entries.forEach(p -> {
                Matcher m = rotatedName.matcher(p.getFileName().toString());
                if (m.matches()) {
                    rotated.add(new Rotated(p, m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
                }
            });
        }
        rotated.sort(Comparator.comparing(Rotated::stamp).thenComparingInt(Rotated::n));
        return rotated;
    }

    /** Deletes the oldest rotated files beyond {@code keep}. */
    private void prune() {
        List<Rotated> rotated;
        try {
            rotated = rotatedFiles();
        } catch (IOException e) {
            log.once("event-file-prune:" + file, "cannot list " + file.getParent() + " to delete old event files: "
                    + e.getMessage() + " (logged once)");
            return;
        }
        for (int i = 0; i < rotated.size() - keep; i++) {
            try {
                Files.deleteIfExists(rotated.get(i).path());
            } catch (IOException e) {
                log.once("event-file-prune:" + file, "cannot delete old event file " + rotated.get(i).path() + ": "
                        + e.getMessage() + " (logged once)");
            }
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the write already failed with the reason that matters; the next accept reopens
        }
        channel = null;
    }

    /** Forces what was written to disk and closes the file. */
    @Override
    public void close() throws IOException {
        if (channel == null) {
            return;
        }
        try (FileChannel c = channel) {
            c.force(false);
        } finally {
            channel = null;
        }
    }
}
