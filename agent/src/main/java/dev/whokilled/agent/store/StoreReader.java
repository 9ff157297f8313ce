package dev.whokilled.agent.store;

import dev.whokilled.agent.store.Segments.Segment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A read-only view of the store for the CLI, not thread-safe (one per thread; they are cheap):
 * takes no lock, and tolerates an agent appending, rotating and pruning at the same time.
 *
 * <p>Only complete lines are ever decoded: bytes after a segment's last newline may be a write in
 * progress. Lines that are not valid entries are skipped and counted, never thrown
 * ({@link ScanStats}). A segment that retention deletes before the reader opens it is skipped.
 */
public final class StoreReader {
    private static final Duration DEFAULT_POLL = Duration.ofMillis(250);

    private final Path dir;
    private final Duration pollInterval;
    private final Sleeper sleeper;

    /** Waits between polls in {@link #follow}; tests pass one that returns at once or advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * What a read saw besides the entries it delivered.
     *
     * @param entries entries delivered to the consumer
     * @param corruptLines lines that were not valid entries (torn, truncated, edited), and torn tails of
     *     segments that are no longer written
     * @param unsupportedLines well-formed lines of another schema version or an unknown type
     * @param segmentsRead segments opened
     * @param segmentsSkipped segments skipped because all their entries precede the window, or
     *     deleted by retention before they could be read
     */
    public record ScanStats(long entries, long corruptLines, long unsupportedLines, int segmentsRead,
                            int segmentsSkipped) {
    }

    private StoreReader(Path dir, Duration pollInterval, Sleeper sleeper) {
        this.dir = dir;
        this.pollInterval = pollInterval;
        this.sleeper = sleeper;
    }

    /** A reader of the store in {@code dir} that polls every 250 ms when following. */
    public static StoreReader open(Path dir) throws IOException {
        return open(dir, DEFAULT_POLL, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * A reader of the store in {@code dir}.
     *
     * @throws IOException if {@code dir} is not a directory or is world-writable
     */
    public static StoreReader open(Path dir, Duration pollInterval, Sleeper sleeper) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(sleeper, "sleeper");
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must not be negative, got " + pollInterval);
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null,
                    "no whokilled store there (is the agent running with this --store? see whokilled doctor)");
        }
        FileModes.refuseWorldWritable(dir, "store directory");
        return new StoreReader(dir, pollInterval, sleeper);
    }

    /**
     * Delivers the stored entries observed within {@code window}, segment by segment, each segment's
     * entries in observation order (a stable sort: the writer appends nearly in order, sources stamp
     * on their own threads). Segments whose every entry precedes {@code window.since()} are not
     * read. Entries appended while the scan runs may or may not be delivered.
     *
     * @throws IOException if a segment is world-writable or cannot be read
     */
    public ScanStats scan(TimeWindow window, Consumer<? super StoreEntry> sink) throws IOException {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(sink, "sink");
        return scan((segments, i) -> i < segments.size() - 1 && window.since().isPresent()
                        && !segments.get(i + 1).start().isAfter(window.since().get()),
                (segment, channel, last, lines) -> LineScanner.readLines(channel, 0, lines),
                e -> window.contains(e.observedAt()), sink);
    }

    /**
     * Delivers what explaining {@code pid} needs, segment by segment in observation order as
     * {@link #scan} does: its exits, the signals sent to it, every kernel record and gap, and the
     * exits that start a boot; most other lines are never decoded. Sealed segments are read through
     * their {@link SegmentIndex} (rebuilt here if it is missing or stale), the newest one and any
     * that cannot be indexed by {@link PidLines}. The counts in the result cover the lines decoded.
     *
     * @throws IOException if a segment is world-writable or cannot be read
     */
    public ScanStats scanPid(int pid, Consumer<? super StoreEntry> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        return scan((segments, i) -> false, (segment, channel, last, lines) -> {
            Optional<SegmentIndex> index = last ? Optional.empty() : index(segment.path(), channel);
            if (index.isEmpty()) {
                return new PidLines(pid).scan(channel, lines);
            }
            for (long offset : index.get().offsetsFor(pid)) {
                LineScanner.readLineAt(channel, offset, lines);
            }
            return channel.size();
        }, e -> PidKeys.delivered(e, pid), sink);
    }

    /**
     * A sealed segment's index: its sidecar if current; else, when this reader may write the store
     * directory, one built now and stored for the next reader; else empty (the caller scans).
     */
    private static Optional<SegmentIndex> index(Path segment, FileChannel channel) throws IOException {
        BasicFileAttributes attributes = attributes(segment);
        Optional<SegmentIndex> stored = SegmentIndex.read(segment, attributes);
        if (stored.isPresent() || !Files.isWritable(segment.getParent())) {
            return stored;
        }
        SegmentIndex built = SegmentIndex.build(channel, attributes);
        if (!built.matches(attributes(segment))) {
            return Optional.empty(); // written to while we read it: not sealed after all
        }
        try {
            built.write(segment);
        } catch (IOException e) {
            // a full disk: answer from the index just built; the next reader tries again
        }
        return Optional.of(built);
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** How one segment's lines are read: all of them, or the candidates for one pid. */
    @FunctionalInterface
    private interface SegmentLines {
        /** Returns the offset after the last complete line read, or the segment's size when not known. */
        long read(Segment segment, FileChannel channel, boolean last, LineScanner.LineSink lines) throws IOException;
    }

    @FunctionalInterface
    private interface SegmentSkip {
        boolean test(List<Segment> segments, int i);
    }

    private ScanStats scan(SegmentSkip skip, SegmentLines read, Predicate<StoreEntry> keep,
                           Consumer<? super StoreEntry> sink) throws IOException {
        Counter counter = new Counter();
        List<Segment> segments = Segments.list(dir);
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (skip.test(segments, i)) {
                counter.segmentsSkipped++;
                continue;
            }
            List<StoreEntry> entries = new ArrayList<>();
            Optional<FileChannel> opened = openSegment(segment.path(), counter);
            if (opened.isEmpty()) {
                continue;
            }
            try (FileChannel channel = opened.get()) {
                long end = read.read(segment, channel, last, counter.sink(e -> {
                    if (keep.test(e)) {
                        entries.add(e);
                    }
                }));
                if (!last && channel.size() > end) {
                    counter.corrupt++; // a torn tail in a segment no longer written
                }
            }
            entries.sort(Comparator.comparing(StoreEntry::observedAt));
            entries.forEach(sink);
            counter.entries += entries.size();
        }
        return counter.stats();
    }

    /**
     * Delivers entries as the agent stores them, in stored order, until {@code stop} returns true or
     * the thread is interrupted; polls the newest segment every poll interval and moves on when the
     * writer rotates. Only complete lines are delivered, each once.
     *
     * @param since empty: start at the current end of the store (like {@code tail -f}); present:
     *     first deliver the stored entries observed at or after it, then follow (entries observed
     *     before it are never delivered)
     * @param stop checked before each poll
     */
    public ScanStats follow(Optional<Instant> since, BooleanSupplier stop, Consumer<? super StoreEntry> sink)
            throws IOException {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(sink, "sink");
        Counter counter = new Counter();
        LineScanner.LineSink lines = counter.sink(e -> {
            if (since.isEmpty() || !e.observedAt().isBefore(since.get())) {
                counter.entries++;
                sink.accept(e);
            }
        });
        Segment current = null;
        FileChannel channel = null;
        long offset = 0;
        try {
            List<Segment> segments = Segments.list(dir);
            if (!segments.isEmpty()) {
                if (since.isEmpty()) {
                    current = segments.get(segments.size() - 1);
                    channel = openSegment(current.path(), counter).orElse(null);
                    offset = channel == null ? 0 : endOfLastLine(channel);
                } else {
                    int first = 0;
                    while (first + 1 < segments.size() && !segments.get(first + 1).start().isAfter(since.get())) {
                        first++;
                        counter.segmentsSkipped++;
                    }
                    current = segments.get(first);
                    channel = openSegment(current.path(), counter).orElse(null);
                }
            }
            while (!stop.getAsBoolean()) {
                if (channel != null) {
                    if (channel.size() < offset) {
                        // the agent restarted and truncated a last line that did not parse, which we
                        // already counted; go on from the new end
                        offset = channel.size();
                    }
                    offset = LineScanner.readLines(channel, offset, lines);
                }
                Optional<Segment> next = nextAfter(current);
                if (next.isEmpty()) {
                    sleeper.sleep(pollInterval);
                    continue;
                }
                if (channel != null) {
                    // the writer finished this segment before creating the next: read what is left
                    offset = LineScanner.readLines(channel, offset, lines);
                    if (channel.size() > offset) {
                        counter.corrupt++;
                    }
                    channel.close();
                }
                current = next.get();
                channel = openSegment(current.path(), counter).orElse(null);
                offset = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
        return counter.stats();
    }

    private Optional<Segment> nextAfter(Segment current) throws IOException {
        for (Segment s : Segments.list(dir)) {
            if (current == null || s.start().isAfter(current.start())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Opens a segment for reading; empty if retention deleted it first. */
    private static Optional<FileChannel> openSegment(Path path, Counter counter) throws IOException {
        try {
            FileModes.refuseWorldWritable(path, "store segment");
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            counter.segmentsRead++;
            return Optional.of(channel);
        } catch (NoSuchFileException e) {
            counter.segmentsSkipped++;
            return Optional.empty();
        }
    }

    /** The offset after the last newline, so following starts at a line boundary. */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        long[] end = {0};
        LineScanner.readLines(channel, 0, new LineScanner.LineSink() {
            @Override
            public void line(byte[] buf, int off, int len, long fileOffset) {
                end[0] = fileOffset + len + 1;
            }

            @Override
            public void overlong(long fileOffset, long length) {
                end[0] = fileOffset + length + 1;
            }
        });
        return end[0];
    }

    private static final class Counter {
        long entries;
        long corrupt;
        long unsupported;
        int segmentsRead;
        int segmentsSkipped;

        LineScanner.LineSink sink(Consumer<StoreEntry> onEntry) {
            return new LineScanner.LineSink() {
                @Override
                public void line(byte[] buf, int off, int len, long fileOffset) {
                    EntryCodec.Decoded d = EntryCodec.decode(buf, off, len);
                    if (d instanceof EntryCodec.Entry e) {
                        onEntry.accept(e.entry());
                    } else if (d instanceof EntryCodec.Unsupported) {
                        unsupported++;
                    } else {
                        corrupt++;
                    }
                }

                @Override
                public void overlong(long fileOffset, long length) {
                    corrupt++;
                }
            };
        }

        ScanStats stats() {
            return new ScanStats(entries, corrupt, unsupported, segmentsRead, segmentsSkipped);
        }
    }
}
