package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The records of one kernel log, read lazily in input order, with counts of what was not turned
 * into a record; not thread-safe (one consumer).
 *
 * <p>Closing it closes the input. An I/O error while reading (including a corrupt gzip stream)
 * surfaces from {@link #hasNext()}/{@link #next()} as an {@link UncheckedIOException}. A kmsg
 * record is returned once the line after it shows that no more continuation lines follow, so
 * reading kmsg runs one line ahead.
 */
public final class RecordStream implements RecordSource {
    /** A line read during detection, copied out of the splitter's buffer. */
    record SampledLine(byte[] bytes, long lineNumber) {
    }

    private final InputStream in;
    private final LineSplitter splitter;
    private final Optional<LogFormat> format;
    private final LineParser parser;
    private final LinePrefilter prefilter;
    private final boolean continuations;
    private final ArrayDeque<SampledLine> sampled;

    private final ArrayDeque<KernelRecord> ready = new ArrayDeque<>(2);
    private KernelRecord pending;
    private Map<String, String> pendingContext;
    private boolean headKept = true;
    private boolean done;
    private long notUnderstood;
    private long skipped;

    RecordStream(InputStream in, LineSplitter splitter, Optional<LogFormat> format, ReaderOptions options,
                 List<SampledLine> sampled) {
        this.in = in;
        this.splitter = splitter;
        this.format = format;
        this.parser = format.map(f -> LineParser.forFormat(f, options)).orElse(null);
        this.prefilter = options.prefilter();
        this.continuations = format.filter(f -> f == LogFormat.KMSG).isPresent();
        this.sampled = new ArrayDeque<>(sampled);
        this.done = format.isEmpty();
    }

    @Override
    public Optional<LogFormat> format() {
        return format;
    }

    @Override
    public boolean hasNext() {
        try {
            while (ready.isEmpty() && !done) {
                step();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kernel log failed after line " + splitter.lineNumber(), e);
        }
        return !ready.isEmpty();
    }

    @Override
    public KernelRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records");
        }
        return ready.removeFirst();
    }

    @Override
    public long linesRead() {
        return splitter.lineNumber();
    }

    @Override
    public long linesTruncated() {
        return splitter.truncatedLines();
    }

    @Override
    public long linesNotUnderstood() {
        return notUnderstood;
    }

    /**
     * Lines not decoded: empty ones, and those the prefilter rejected or let the reader skip, with
     * the kmsg continuation lines that belonged to them.
     */
    public long linesSkipped() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        done = true;
        in.close();
    }

    private void step() throws IOException {
        if (!sampled.isEmpty()) {
            SampledLine line = sampled.removeFirst();
            accept(line.bytes(), 0, line.bytes().length, line.lineNumber());
        } else {
            skipAhead();
            if (splitter.next()) {
                accept(splitter.buffer(), splitter.from(), splitter.to(), splitter.lineNumber());
            } else {
                flushPending();
                done = true;
            }
        }
    }

    /**
     * Lets the prefilter skip the buffered lines it would reject anyway, unless a kmsg record was
     * just kept (its continuation lines must follow it). Skipping then changes nothing but the
     * counts: no record is pending, and for kmsg the last line was rejected.
     */
    private void skipAhead() {
        if (continuations && headKept) {
            return;
        }
        int from = splitter.position();
        int to = splitter.endOfWholeLines();
        if (from < to) {
            int at = prefilter.skipTo(splitter.buffer(), from, to);
            if (at > from) {
                skipped += splitter.skipLinesBefore(at);
            }
        }
    }

    private void accept(byte[] buf, int from, int to, long lineNumber) {
        if (from == to) {
            skipped++;
            return;
        }
        if (continuations && buf[from] == ' ') {
            // A continuation line shares its record's fate, whatever the prefilter would say of it alone.
            if (!headKept) {
                skipped++;
                return;
            }
        } else if (!prefilter.keep(buf, from, to)) {
            skipped++;
            headKept = false;
            flushPending();
            return;
        } else {
            headKept = true;
        }
        LineResult result = parser.parse(new String(buf, from, to - from, StandardCharsets.UTF_8), lineNumber);
        if (result instanceof LineResult.Parsed parsed) {
            flushPending();
            if (continuations) {
                pending = parsed.record();
            } else {
                ready.addLast(parsed.record());
            }
        } else if (result instanceof LineResult.Context context) {
            if (pending == null) {
                notUnderstood++;
            } else {
                if (pendingContext == null) {
                    pendingContext = new LinkedHashMap<>();
                }
                pendingContext.putIfAbsent(context.key(), context.value());
            }
        } else if (result instanceof LineResult.NotUnderstood) {
            notUnderstood++;
            flushPending();
        }
    }

    private void flushPending() {
        if (pending == null) {
            return;
        }
        KernelRecord r = pending;
        if (pendingContext != null) {
            r = new KernelRecord(r.format(), r.lineNumber(), r.stamp(), r.provenance(), r.message(), pendingContext);
        }
        ready.addLast(r);
        pending = null;
        pendingContext = null;
    }
}
