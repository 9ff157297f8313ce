package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Opens a kernel log in any rendering it knows: unwraps gzip, detects the format from the first
 * lines unless one is forced, and hands back a lazy {@link RecordStream}; stateless, thread-safe.
 *
 * <p>Detection reads up to {@value #SAMPLE_LINES} non-empty lines (at most {@value #SAMPLE_BYTES}
 * bytes plus one line) before the first record is returned, so on a pipe that is still being
 * written ({@code journalctl -f | …}) records appear only once that many lines have arrived;
 * force the format to avoid the wait. The sampled lines are kept and read again, so nothing is lost.
 */
public final class KernelLogReader {
    static final int SAMPLE_LINES = 64;
    static final int SAMPLE_BYTES = 1024 * 1024;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private KernelLogReader() {
    }

    /**
     * Opens {@code in}, which it takes over: the returned stream closes it, and it is closed before
     * returning {@link OpenOutcome.UnknownFormat} or throwing.
     *
     * @throws IOException if reading the first lines fails (a corrupt gzip header included)
     */
    public static OpenOutcome open(InputStream in, ReaderOptions options) throws IOException {
        InputStream input = in;
        try {
            input = gunzipIfCompressed(in);
            LineSplitter splitter = new LineSplitter(input, options.maxLineBytes());
            if (options.forcedFormat().isPresent()) {
                return new OpenOutcome.Opened(new RecordStream(input, splitter, options.forcedFormat(), options, List.of()));
            }
            List<RecordStream.SampledLine> sampled = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            long bytes = 0;
            while (texts.size() < SAMPLE_LINES && bytes < SAMPLE_BYTES && splitter.next()) {
                int length = splitter.to() - splitter.from();
                if (length == 0) {
                    continue;
                }
                byte[] copy = new byte[length];
                System.arraycopy(splitter.buffer(), splitter.from(), copy, 0, length);
                sampled.add(new RecordStream.SampledLine(copy, splitter.lineNumber()));
                texts.add(new String(copy, StandardCharsets.UTF_8));
                bytes += length;
            }
            if (texts.isEmpty()) {
                return new OpenOutcome.Opened(new RecordStream(input, splitter, Optional.empty(), options, List.of()));
            }
            Optional<LogFormat> format = FormatDetector.detect(texts, options);
            if (format.isEmpty()) {
                input.close();
                return new OpenOutcome.UnknownFormat(OpenOutcome.UnknownFormat.shown(texts.get(0)), texts.size());
            }
            return new OpenOutcome.Opened(new RecordStream(input, splitter, format, options, sampled));
        } catch (IOException | RuntimeException e) {
            try {
                input.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Wraps the input in a gzip decoder when it starts with the gzip magic bytes {@code 1f 8b}. */
    private static InputStream gunzipIfCompressed(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 2);
        byte[] head = new byte[2];
        int n = 0;
        while (n < 2) {
            int r = pushback.read(head, n, 2 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        pushback.unread(head, 0, n);
        if (n == 2 && (head[0] & 0xff) == GZIP_MAGIC_1 && (head[1] & 0xff) == GZIP_MAGIC_2) {
            return new GZIPInputStream(pushback, 64 * 1024);
        }
        return pushback;
    }
}
