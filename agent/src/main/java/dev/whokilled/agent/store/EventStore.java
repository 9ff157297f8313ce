package dev.whokilled.agent.store;

import dev.whokilled.agent.store.Segments.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's single writer, <b>not thread-safe</b> (the agent's writer thread owns it): appends
 * entries to JSON-lines segment files, fsyncs them in batches, rotates and prunes segments, and
 * keeps the sources' checkpoint. Readers use {@link StoreReader}, which needs no lock.
 *
 * <p>Durability: {@link #append} only buffers; {@link #flush} writes every buffered entry as a
 * complete line (the batch is built in memory and written at the end of the segment), then
 * {@code fsync}s. An entry is stored once {@code flush} returns, and not before; a crash in between
 * may leave a torn last line, which the next {@link #open} truncates and reports.
 *
 * <p>A full disk loses nothing until the buffer is full: a failed write (or a segment that cannot be
 * created) cuts the segment back to its last synced line and keeps the entries buffered, and each
 * flush tries again. Past {@link #MAX_PENDING_BYTES} new entries are dropped and counted, for the
 * agent to record as a gap. A failed fsync is not retried (after an fsync error Linux may have
 * dropped the dirty pages and a retry can falsely succeed): the store refuses further use and must
 * be reopened, and the agent should record a gap.
 *
 * <p>Segments: a new one is started when the next line would take the active one past
 * {@link StoreConfig#maxSegmentBytes()}: the old one is fsynced, the new one created, the directory
 * fsynced. A new segment is named after its first entry's time (whole seconds), but never earlier
 * than one second after the previous segment's name or its newest entry, so names increase strictly
 * and every entry of a segment is older than the next segment's name, even if the wall clock
 * stepped back. That is what lets {@link StoreReader} skip segments by name. On open the agent goes
 * on appending to the newest segment. A segment's {@link SegmentIndex} is collected as its lines are
 * written (or read back on open) and stored next to it when it is sealed.
 *
 * <p>Retention runs on open, after each rotation and at most once a minute on flush: oldest first,
 * segments are deleted while the store exceeds {@link StoreConfig#maxTotalBytes()} or while all
 * their entries are older than {@link StoreConfig#maxAge()}; the active segment never is.
 *
 * <p>One writer per store: {@link #open} takes an exclusive lock on the {@code lock} file and
 * writes its pid there, so a second agent is refused with the holder's pid.
 */
public final class EventStore implements AutoCloseable {
    /** The largest entry (one encoded line) the store accepts. */
    static final int MAX_ENTRY_BYTES = 16 << 20;
    /** The most the store buffers while it cannot write (a full disk): about 40,000 deaths with their signals. */
    public static final long MAX_PENDING_BYTES = 32L << 20;
    private static final Duration RETENTION_INTERVAL = Duration.ofMinutes(1);
    /** Latest observation time accepted, so that segment names keep a four-digit year. */
    private static final Instant LATEST_ENTRY = Segments.LATEST.minus(Duration.ofDays(366));

    /**
     * Stores held by this JVM. POSIX record locks belong to the process, and closing <em>any</em>
     * descriptor of the lock file drops them, so a second open in the same JVM must be refused before
     * it opens the lock file at all.
     */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path heldKey;
    private final StoreConfig config;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final List<Pending> pending = new ArrayList<>();
    private long pendingBytes;
    private long dropped;
    private Opened opened;
    private FileChannel active;
    private Path activePath;
    private Instant activeStart;
    /** Written by the writer thread, read by {@link #bytes} from others (the metrics). */
    private volatile long activeSize;
    /** The bytes of the sealed segments, as the last retention pass (at open, each rotation, hourly) found them. */
    private volatile long sealedBytes;
    private Instant activeNewest;
    /** The active segment's index, built as lines are written and stored when it is sealed. */
    private SegmentIndex.Builder activeIndex = new SegmentIndex.Builder();
    private Instant nextRetention;
    private IOException failure;
    private boolean closed;

    /**
     * What {@link #open} found and did.
     *
     * @param resumedSegment the existing segment appends continue in, if any
     * @param droppedBytes bytes of a torn or unparseable last line truncated from it (0 after a clean stop)
     * @param deletedSegments segments removed by retention
     */
    public record Opened(Optional<Path> resumedSegment, long droppedBytes, List<Path> deletedSegments) {
        public Opened {
            Objects.requireNonNull(resumedSegment, "resumedSegment");
            deletedSegments = List.copyOf(deletedSegments);
        }
    }

    /**
     * What a {@link #flush} wrote.
     *
     * @param entries entries written and fsynced
     * @param bytes their size in bytes, newlines included
     * @param startedSegments segments created by this flush (the first one, or rotations)
     * @param deletedSegments segments removed by retention
     */
    public record Flushed(int entries, long bytes, List<Path> startedSegments, List<Path> deletedSegments) {
        public Flushed {
            startedSegments = List.copyOf(startedSegments);
            deletedSegments = List.copyOf(deletedSegments);
        }
    }

    private record Pending(StoreEntry entry, byte[] line) {
        Instant observedAt() {
            return entry.observedAt();
        }
    }

    private EventStore(Path dir, Path heldKey, StoreConfig config, Clock clock, FileChannel lockChannel) {
        this.dir = dir;
        this.heldKey = heldKey;
        this.config = config;
        this.clock = clock;
        this.lockChannel = lockChannel;
    }

    /**
     * Opens (creating it if needed, mode 0750) the store in {@code dir} for writing: takes the lock,
     * truncates a torn last line and applies retention. See {@link #opened()} for what it found.
     *
     * @throws IOException if another agent holds the store ("store DIR is in use by another whokilled
     *     agent (pid N)"), if the directory or one of its files is world-writable, or on I/O failure
     */
    public static EventStore open(Path dir, StoreConfig config, Clock clock) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                FileModes.createDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                // another process created it meanwhile: checked below like any existing directory
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("store " + dir + " is not a directory");
        }
        FileModes.refuseWorldWritable(dir, "store directory");
        Path key = dir.toRealPath();
        if (!HELD_IN_THIS_JVM.add(key)) {
            throw inUse(dir, Long.toString(ProcessHandle.current().pid()));
        }
        FileChannel lockChannel = null;
        try {
            lockChannel = lock(dir);
            EventStore store = new EventStore(dir, key, config, clock, lockChannel);
            store.recoverAndPrune();
            return store;
        } catch (IOException | RuntimeException e) {
            if (lockChannel != null) {
                lockChannel.close();
            }
            HELD_IN_THIS_JVM.remove(key);
            throw e;
        }
    }

    private static FileChannel lock(Path dir) throws IOException {
        Path lockFile = dir.resolve(Segments.LOCK_FILE);
        boolean existed = Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
        if (existed) {
            FileModes.refuseWorldWritable(lockFile, "store lock file");
        }
        FileChannel channel = FileChannel.open(lockFile, EnumSet.of(StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.CREATE), FileModes.fileAttribute());
        try {
            if (!existed) {
                FileModes.setFileMode(lockFile);
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(dir, holder(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String holder(FileChannel lockChannel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        lockChannel.read(buf, 0);
        String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("\\d+") ? pid : "unknown";
    }

    private static IOException inUse(Path dir, String pid) {
        return new IOException("store " + dir + " is in use by another whokilled agent (pid " + pid
                + "); stop it or choose another store directory");
    }

    private void recoverAndPrune() throws IOException {
        List<Segment> segments = Segments.list(dir);
        for (Segment s : segments) {
            FileModes.refuseWorldWritable(s.path(), "store segment");
        }
        Optional<Path> resumed = Optional.empty();
        long dropped = 0;
        if (!segments.isEmpty()) {
            Segment newest = segments.get(segments.size() - 1);
            FileChannel channel = FileChannel.open(newest.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                TailScan scan = TailScan.of(channel, activeIndex);
                dropped = channel.size() - scan.validEnd;
                if (dropped > 0) {
                    channel.truncate(scan.validEnd);
                    channel.force(true);
                }
                active = channel;
                activePath = newest.path();
                activeStart = newest.start();
                activeSize = scan.validEnd;
                activeNewest = scan.newest;
                resumed = Optional.of(newest.path());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        List<Path> deleted = enforceRetention();
        opened = new Opened(resumed, dropped, deleted);
    }

    /** The end of the last good line of a segment, and its newest entry. */
    private static final class TailScan implements LineScanner.LineSink {
        private final SegmentIndex.Builder index;
        private long lastStart = -1;
        private boolean lastMalformed;
        private Instant newest;
        private long validEnd;

        private TailScan(SegmentIndex.Builder index) {
            this.index = index;
        }

        /** Scans the segment the writer resumes, adding its entries to {@code index}. */
        static TailScan of(FileChannel channel, SegmentIndex.Builder index) throws IOException {
            TailScan scan = new TailScan(index);
            long end = LineScanner.readLines(channel, 0, scan);
            // bytes after the last newline are a torn write; a complete last line that does not parse is one too
            scan.validEnd = scan.lastMalformed ? scan.lastStart : end;
            return scan;
        }

        @Override
        public void line(byte[] buf, int off, int len, long fileOffset) {
            lastStart = fileOffset;
            EntryCodec.Decoded decoded = EntryCodec.decode(buf, off, len);
            lastMalformed = decoded instanceof EntryCodec.Malformed;
            if (decoded instanceof EntryCodec.Entry e) {
                index.add(e.entry(), fileOffset);
                Instant t = e.entry().observedAt();
                newest = newest == null || t.isAfter(newest) ? t : newest;
            }
        }

        @Override
        public void overlong(long fileOffset, long length) {
            lastStart = fileOffset;
            lastMalformed = true;
        }
    }

    /** What {@link #open} found: the segment it resumed, torn bytes dropped, segments pruned. */
    public Opened opened() {
        return opened;
    }

    public Path directory() {
        return dir;
    }

    /** Entries appended and not yet flushed. */
    public int pendingEntries() {
        return pending.size();
    }

    /**
     * Buffers an entry; it is stored by the next {@link #flush}. While writes fail, an entry that would take
     * the buffer past {@link #MAX_PENDING_BYTES} is dropped and counted ({@link #takeDropped()}).
     *
     * @throws IllegalArgumentException if the entry encodes to more than 16 MiB, or its observation time is
     *     before 1970 or after 9998
     * @throws IllegalStateException if the store is closed or failed
     */
    public void append(StoreEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ensureUsable();
        Instant t = entry.observedAt();
        if (t.isBefore(Instant.EPOCH) || t.isAfter(LATEST_ENTRY)) {
            throw new IllegalArgumentException("observedAt out of the store's range (1970 to 9998): " + t);
        }
        byte[] json = EntryCodec.encode(entry);
        if (json.length + 1 > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("entry too large to store: " + (json.length + 1) + " bytes encoded, limit "
                    + MAX_ENTRY_BYTES + " (observed at " + t + ")");
        }
        if (pendingBytes + json.length + 1 > MAX_PENDING_BYTES) {
            dropped++; // only while writes fail: a flush every 100 ms keeps the buffer far below this otherwise
            return;
        }
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        pending.add(new Pending(entry, line));
        pendingBytes += line.length;
    }

    /**
     * Writes every buffered entry as whole lines, rotating as needed, and fsyncs; then applies
     * retention if a segment was started or a minute has passed since it last ran.
     *
     * @throws NoRoomException when a write fails (the disk is full): the segment is cut back to its last
     *     synced line, the entries not yet stored stay buffered for the next flush, and the store stays usable
     * @throws IOException on a failed fsync or segment start; the store is then unusable (see the class doc)
     */
    public Flushed flush() throws IOException {
        ensureUsable();
        List<Path> started = new ArrayList<>();
        int entries = pending.size();
        long bytes = 0;
        int stored = 0; // leading pending entries written and fsynced
        SegmentIndex.Builder.Mark indexed = activeIndex.mark(); // the index of what is synced
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        try {
            for (int i = 0; i < pending.size(); i++) {
                Pending p = pending.get(i);
                if (active == null) {
                    startSegment(p.observedAt());
                    started.add(activePath);
                } else if (activeSize + batch.size() > 0
                        && activeSize + batch.size() + p.line().length > config.maxSegmentBytes()) {
                    writeAndSync(batch);
                    stored = i;
                    seal();
                    startSegment(p.observedAt());
                    indexed = activeIndex.mark();
                    started.add(activePath);
                }
                activeIndex.add(p.entry(), activeSize + batch.size());
                batch.write(p.line(), 0, p.line().length);
                bytes += p.line().length;
                activeNewest = activeNewest == null || p.observedAt().isAfter(activeNewest) ? p.observedAt() : activeNewest;
            }
            if (batch.size() > 0) {
                writeAndSync(batch);
            }
            pending.clear();
            pendingBytes = 0;
        } catch (NoRoomException e) {
            forget(stored);
            activeIndex.reset(indexed); // the next flush adds the same lines at the same offsets again
            throw e;
        } catch (IOException e) {
            failure = e;
            throw new IOException("store " + dir + ": write failed (" + e.getMessage() + "); entries not yet flushed"
                    + " are lost and the store must be reopened, which truncates a torn line", e);
        }
        List<Path> deleted = !started.isEmpty() || !clock.instant().isBefore(nextRetention)
                ? enforceRetention() : List.of();
        return new Flushed(entries, bytes, started, deleted);
    }

    /**
     * A write failed, as on a full disk; nothing was lost yet. The entries not stored stay buffered (up to
     * {@link #MAX_PENDING_BYTES}, then new ones are dropped and counted: {@link #takeDropped()}).
     */
    public static final class NoRoomException extends IOException {
        NoRoomException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** Entries dropped because the buffer was full while writes failed, since the last call; resets the count. */
    public long takeDropped() {
        long n = dropped;
        dropped = 0;
        return n;
    }

    private void forget(int stored) {
        for (Pending p : pending.subList(0, stored)) {
            pendingBytes -= p.line().length;
        }
        pending.subList(0, stored).clear();
    }

    /**
     * Writes the batch at the end of the active segment and fsyncs it. A failed write (no space) cuts the
     * segment back to its last complete line, so the next flush writes the same lines again without a torn
     * line or a duplicate between them. A failed fsync is not: the kernel may have dropped the dirty pages.
     */
    private void writeAndSync(ByteArrayOutputStream batch) throws IOException {
        long synced = activeSize;
        try {
            write(batch);
        } catch (IOException e) {
            batch.reset();
            active.truncate(synced);
            activeSize = synced;
            throw new NoRoomException("store " + dir + ": cannot write (" + e.getMessage() + "); " + pending.size()
                    + " entries are held in memory until it can", e);
        }
        active.force(false);
    }

    private void write(ByteArrayOutputStream batch) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(batch.toByteArray());
        while (buf.hasRemaining()) {
            activeSize += active.write(buf, activeSize);
        }
        batch.reset();
    }

    private void startSegment(Instant firstObserved) throws IOException {
        Instant start = Segments.floorToSecond(firstObserved);
        if (activeStart != null && !start.isAfter(activeStart)) {
            start = activeStart.plusSeconds(1);
        }
        if (activeNewest != null && !start.isAfter(activeNewest)) {
            start = Segments.floorToSecond(activeNewest).plusSeconds(1);
        }
        FileChannel channel;
        Path path;
        while (true) {
            path = dir.resolve(Segments.fileName(start));
            try {
                channel = FileChannel.open(path, EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW),
                        FileModes.fileAttribute());
                break;
            } catch (FileAlreadyExistsException e) {
                start = start.plusSeconds(1); // a stray file with that name; names only need to increase
            } catch (IOException e) {
                // nothing changed yet: the active segment is still the synced old one
                throw new NoRoomException("store " + dir + ": cannot start a segment (" + e.getMessage() + "); "
                        + pending.size() + " entries are held in memory until it can", e);
            }
        }
        FileModes.setFileMode(path);
        if (active != null) {
            active.close();
        }
        active = channel;
        activePath = path;
        activeStart = start;
        activeSize = 0;
        activeNewest = null;
        activeIndex = new SegmentIndex.Builder();
        fsyncDirectory();
    }

    /**
     * Stores the index of the active segment, which is written for the last time. Best effort: a
     * reader rebuilds a missing index or scans the segment, so a failure here costs time, not data,
     * and must not stop the store.
     */
    private void seal() {
        try {
            BasicFileAttributes sealed = Files.readAttributes(activePath, BasicFileAttributes.class);
            activeIndex.build(sealed.size(), sealed.lastModifiedTime().toMillis()).write(activePath);
        } catch (IOException e) {
            // left to the reader, as above
        }
    }

    private List<Path> enforceRetention() throws IOException {
        Instant now = clock.instant();
        Instant cutoff = now.minus(config.maxAge());
        List<Segment> segments = Segments.list(dir);
        long total = 0;
        for (Segment s : segments) {
            total += sizeOf(s.path());
        }
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i + 1 < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.path().equals(activePath)) {
                break;
            }
            // every entry of segment i is older than the next segment's name
            boolean expired = !segments.get(i + 1).start().isAfter(cutoff);
            if (!expired && total <= config.maxTotalBytes()) {
                break;
            }
            long size = sizeOf(s.path());
            Files.deleteIfExists(s.path());
            Files.deleteIfExists(SegmentIndex.pathOf(s.path()));
            total -= size;
            deleted.add(s.path());
        }
        if (!deleted.isEmpty()) {
            fsyncDirectory();
        }
        sealedBytes = total - (activePath == null ? 0 : sizeOf(activePath));
        nextRetention = now.plus(RETENTION_INTERVAL);
        return deleted;
    }

    /** The bytes in the store's segment files now, without reading the directory: for a metrics scrape every second. */
    public long bytes() {
        return sealedBytes + activeSize;
    }

    private static long sizeOf(Path p) throws IOException {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private void fsyncDirectory() throws IOException {
        // a new or removed directory entry is durable only once the directory itself is synced
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * Replaces the checkpoint atomically (temp file, fsync, rename, fsync of the directory). Call it
     * only after the entries it covers were flushed.
     */
    public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        ensureUsable();
        CheckpointFile.write(dir, checkpoint);
    }

    /**
     * The checkpoint last written, or empty if there is none.
     *
     * @throws IOException if it exists but cannot be read or is not a version-1 checkpoint
     */
    public Optional<Checkpoint> readCheckpoint() throws IOException {
        ensureUsable();
        return CheckpointFile.read(dir);
    }

    private void ensureUsable() {
        if (closed) {
            throw new IllegalStateException("store " + dir + " is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("store " + dir + " failed earlier (" + failure.getMessage()
                    + "); reopen it");
        }
    }

    /** Flushes what is buffered (unless the store failed), then releases the segment and the lock. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null && !pending.isEmpty()) {
                flush();
            }
        } finally {
            closed = true;
            try {
                if (active != null) {
                    active.close();
                }
            } finally {
                try {
                    lockChannel.truncate(0);
                } finally {
                    lockChannel.close();
                    HELD_IN_THIS_JVM.remove(heldKey);
                }
            }
        }
    }
}
