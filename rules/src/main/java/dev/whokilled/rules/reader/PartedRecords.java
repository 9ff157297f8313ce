package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The records of a regular file read in parts side by side, handed out in file order: the same
 * records and counts as one {@link RecordStream} over the whole file. For one consumer thread;
 * each part runs in its own {@link Ahead} (a thread, in the CLI).
 *
 * <p>The file is cut at line starts into parts of about equal size, each read with a fresh
 * prefilter. That is only right if the prefilter reading the file from the start would be
 * {@linkplain LinePrefilter#atRest at rest} there: the {@code KeywordPrefilter} is not inside an
 * OOM report, whose task table it keeps by state. So each cut is placed after the first line
 * within {@value #WINDOW} bytes of the even split where any filter is at rest (a
 * {@linkplain LinePrefilter#restartPoint restart point}: a kill line), and when a part ends with
 * its filter not at rest anyway (no kill line nearby), the part after it is read again, in
 * turn, with that filter carried on. Line numbers of later parts are shifted by the lines of the
 * parts before them, known once those are read.
 *
 * <p>Only renderings whose lines parse alone are split ({@link #splittable}): kmsg continuation
 * lines belong to the record above them, and the journal's short output carries the boot id of
 * its last marker. The parts cover the file's size when opened; what is appended later is not
 * read.
 */
public final class PartedRecords<P> implements RecordSource {
    /**
     * Runs a part's records ahead of the consumer, typically on a thread of its own; closing it stops that.
     * It may also prepare something from each record there (parse it further): {@code P}.
     */
    public interface Ahead<P> extends Iterator<KernelRecord>, AutoCloseable {
        /** What was prepared from the record last returned by {@link #next()}; null when nothing is. */
        P prepared();

        @Override
        void close();
    }

    /** How far after an even split a restart point is looked for. */
    static final int WINDOW = 1024 * 1024;

    private static final Set<LogFormat> SPLITTABLE = Set.of(LogFormat.DMESG, LogFormat.DMESG_CTIME, LogFormat.DMESG_RAW,
            LogFormat.SYSLOG);

    private record Part<P>(RecordStream stream, LinePrefilter filter, Ahead<P> records) {
    }

    private final Path file;
    private final ReaderOptions options;
    private final Function<Iterator<KernelRecord>, Ahead<P>> ahead;
    /** Part i is {@code [bounds[i], bounds[i + 1])}. */
    private final long[] bounds;
    private final Part<P>[] parts;
    private int current;
    private long linesBefore;
    private long truncatedBefore;
    private long notUnderstoodBefore;
    private P prepared;

    PartedRecords(Path file, ReaderOptions options, Supplier<LinePrefilter> prefilters, long[] bounds,
                  Function<Iterator<KernelRecord>, Ahead<P>> ahead) throws IOException {
        this.file = file;
        this.options = options;
        this.ahead = ahead;
        this.bounds = bounds.clone();
        @SuppressWarnings("unchecked")
        Part<P>[] array = (Part<P>[]) new Part<?>[bounds.length - 1];
        this.parts = array;
        try {
            for (int i = 0; i < parts.length; i++) {
                parts[i] = start(i, prefilters.get());
            }
        } catch (IOException | RuntimeException e) {
            try {
                close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Whether lines of this rendering can be parsed without the lines before them, so a file of it can be split. */
    public static boolean splittable(LogFormat format) {
        return SPLITTABLE.contains(format);
    }

    /**
     * Opens {@code file} in up to {@code parts} parts of at least {@code minPartBytes} each, read as
     * {@code format} with {@code options} and a prefilter from {@code prefilters} per part; empty when
     * that would make fewer than two parts, the rendering is not {@linkplain #splittable splittable},
     * or the file is not a regular uncompressed one.
     */
    public static <P> Optional<PartedRecords<P>> open(Path file, LogFormat format, ReaderOptions options,
                                                      Supplier<LinePrefilter> prefilters, int parts, long minPartBytes,
                                                      Function<Iterator<KernelRecord>, Ahead<P>> ahead) throws IOException {
        if (!splittable(format) || parts < 2 || minPartBytes < 1 || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long[] bounds;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.min(parts, size / minPartBytes);
            if (n < 2 || gzipped(ch)) {
                return Optional.empty();
            }
            bounds = splitPoints(ch, size, n, prefilters.get());
        }
        if (bounds.length < 3) {
            return Optional.empty();
        }
        return Optional.of(new PartedRecords<>(file, options.withForcedFormat(format), prefilters, bounds, ahead));
    }

    /**
     * {@code 0}, the cut points and {@code size}: each cut is the first restart point in the
     * window after {@code size * k / n}, else the first line start there; cuts that fall on or
     * before the one before them, or in a window without a newline, are dropped.
     */
    static long[] splitPoints(FileChannel ch, long size, int n, LinePrefilter probe) throws IOException {
        long[] points = new long[n + 1];
        int count = 1;
        byte[] window = new byte[WINDOW];
        for (int k = 1; k < n; k++) {
            // a line starting at or after the even split follows a newline at or after at
            long at = size * k / n - 1;
            if (at < points[count - 1]) {
                continue;
            }
            int length = readAt(ch, window, at);
            int first = LineSplitter.indexOfNewline(window, 0, length);
            if (first < 0) {
                continue;
            }
            int wholeEnd = length;
            while (window[wholeEnd - 1] != '\n') {
                wholeEnd--;
            }
            int restart = probe.restartPoint(window, first + 1, wholeEnd);
            long point = at + (restart >= 0 ? restart : first + 1);
            if (point > points[count - 1] && point < size) {
                points[count++] = point;
            }
        }
        points[count++] = size;
        return Arrays.copyOf(points, count);
    }

    private static int readAt(FileChannel ch, byte[] b, long position) throws IOException {
        ByteBuffer into = ByteBuffer.wrap(b);
        while (into.hasRemaining()) {
            if (ch.read(into, position + into.position()) < 0) {
                break;
            }
        }
        return into.position();
    }

    private static boolean gzipped(FileChannel ch) throws IOException {
        byte[] head = new byte[2];
        return readAt(ch, head, 0) == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    /** Opens part i with {@code filter} and starts running it ahead. */
    private Part<P> start(int i, LinePrefilter filter) throws IOException {
        ReaderOptions o = options.withPrefilter(filter);
        InputStream in = new RangeStream(FileChannel.open(file, StandardOpenOption.READ), bounds[i], bounds[i + 1]);
        RecordStream stream = new RecordStream(in, new LineSplitter(in, o.maxLineBytes()), o.forcedFormat(), o, List.of());
        try {
            return new Part<>(stream, filter, ahead.apply(stream));
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        while (true) {
            Part<P> part = parts[current];
            if (part.records().hasNext()) {
                return true;
            }
            if (current + 1 == parts.length) {
                return false;
            }
            linesBefore += part.stream().linesRead();
            truncatedBefore += part.stream().linesTruncated();
            notUnderstoodBefore += part.stream().linesNotUnderstood();
            try {
                stop(part);
                current++;
                if (!part.filter().atRest()) {
                    // The next part began where this filter still keeps lines by state: read it again, carrying it on.
                    stop(parts[current]);
                    parts[current] = start(current, part.filter());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading part " + (current + 1) + " of " + file + " failed", e);
            }
        }
    }

    @Override
    public KernelRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records");
        }
        KernelRecord r = parts[current].records().next();
        prepared = parts[current].records().prepared();
        return linesBefore == 0 ? r
                : new KernelRecord(r.format(), r.lineNumber() + linesBefore, r.stamp(), r.provenance(), r.message(), r.context());
    }

    /** What the part's thread prepared from the record last returned by {@link #next()} (see {@link Ahead}). */
    public P prepared() {
        return prepared;
    }

    @Override
    public Optional<LogFormat> format() {
        return options.forcedFormat();
    }

    /** Lines read so far; the whole file's once {@link #hasNext()} has returned false. */
    @Override
    public long linesRead() {
        return linesBefore + parts[current].stream().linesRead();
    }

    @Override
    public long linesTruncated() {
        return truncatedBefore + parts[current].stream().linesTruncated();
    }

    @Override
    public long linesNotUnderstood() {
        return notUnderstoodBefore + parts[current].stream().linesNotUnderstood();
    }

    /** Stops the parts not read to the end yet and closes the file. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (int i = current; i < parts.length; i++) {
            if (parts[i] == null) {
                continue;
            }
            try {
                stop(parts[i]);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void stop(Part<?> part) throws IOException {
        part.records().close();
        part.stream().close();
    }

    /** The bytes {@code [from, to)} of a file, with positional reads; closing it closes the channel. */
    private static final class RangeStream extends InputStream {
        private final FileChannel ch;
        private final long to;
        private long position;

        RangeStream(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.position = from;
            this.to = to;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= to) {
                return -1;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, to - position)), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
