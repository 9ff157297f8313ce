package dev.whokilled.cli;

import dev.whokilled.cli.input.Input;
import dev.whokilled.cli.input.Prefetch;
import dev.whokilled.rules.analysis.KeywordPrefilter;
import dev.whokilled.rules.analysis.LogAnalyzer;
import dev.whokilled.rules.explain.Explainer;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.IncidentCorrelator;
import dev.whokilled.rules.explain.Rules;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.oom.OomPreparse;
import dev.whokilled.rules.reader.KernelLogReader;
import dev.whokilled.rules.reader.OpenOutcome;
import dev.whokilled.rules.reader.PartedRecords;
import dev.whokilled.rules.reader.ReaderOptions;
import dev.whokilled.rules.reader.RecordSource;
import dev.whokilled.rules.reader.RecordStream;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the whole analysis over one kernel log: read, skip what no parser can use, parse,
 * correlate, explain; each explanation goes to a consumer as soon as it is complete. Failures
 * to read become {@link CliException}s with the input's name. Stateless.
 */
final class KernelLogAnalysis {
    /** What was read, for the closing line on stderr; {@code inParts} when it was read in parts, side by side. */
    record Summary(long lines, Optional<LogFormat> format, long truncated, long notUnderstood, boolean inParts) {
    }

    /** Smaller parts are not worth a thread: a part's start (a thread, the first compilations) costs milliseconds. */
    static final long MIN_PART_BYTES = 16L * 1024 * 1024;

    private KernelLogAnalysis() {
    }

    /** The deaths of {@code pid} in {@code input}, oldest first, read as this machine's log (the clock's zone and year). */
    static List<Termination> deathsOf(Input input, int pid, Clock clock) {
        List<Termination> found = new ArrayList<>();
        run(input, ReaderOptions.defaults(clock.getZone(), LocalDate.now(clock).getYear()), e -> {
            if (e instanceof Termination t && t.subject().pid().equals(OptionalInt.of(pid))) {
                found.add(t);
            }
        });
        return found;
    }

    /** Reads {@code input} with {@code options} (the prefilter is added here) and explains every death in it. */
    static Summary run(Input input, ReaderOptions options, Consumer<Explanation> consumer) {
        return run(input, options, Runtime.getRuntime().availableProcessors(), MIN_PART_BYTES, consumer);
    }

    /** The same, reading a large file in up to {@code maxParts} parts of at least {@code minPartBytes} each. */
    static Summary run(Input input, ReaderOptions options, int maxParts, long minPartBytes, Consumer<Explanation> consumer) {
        LogAnalyzer analyzer = new LogAnalyzer(UserspaceMessageParser.withDefaultPatterns(), IncidentCorrelator.withDefaults(),
                new Explainer(Rules.DEFAULT, input.bootClock()));
        ReaderOptions filtered = options.withPrefilter(KeywordPrefilter.create());
        OpenOutcome outcome;
        try {
            outcome = KernelLogReader.open(input.opener().open(),
                    input.format().map(filtered::withForcedFormat).orElse(filtered));
        } catch (NoSuchFileException e) {
            throw CliException.usage(input.name() + ": no such file");
        } catch (AccessDeniedException e) {
            throw CliException.usage(input.name() + ": permission denied");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, input.name() + ": cannot read: " + e.getMessage(), e);
        }
        if (outcome instanceof OpenOutcome.UnknownFormat unknown) {
            throw CliException.usage(unknown.message(input.name()) + "; formats: "
                    + String.join(", ", Arrays.stream(LogFormat.values()).map(LogFormat::name).toList()));
        }
        RecordStream whole = ((OpenOutcome.Opened) outcome).stream();
        try {
            Optional<PartedRecords<OomPreparse>> parts = inParts(input, whole, filtered, maxParts, minPartBytes);
            try (RecordSource records = parts.isPresent() ? parts.get() : whole;
                 Prefetch<OomPreparse> ahead = parts.isEmpty() ? new Prefetch<>(whole, new OomPreparse.Preparer()::prepare) : null) {
                // The reading threads parse the OOM lines they keep; this one assembles them in order.
                Iterator<KernelRecord> in = ahead != null ? ahead : records;
                Supplier<OomPreparse> preparsed = ahead != null ? ahead::prepared : parts.get()::prepared;
                while (in.hasNext()) {
                    KernelRecord r = in.next();
                    analyzer.accept(r, preparsed.get()).forEach(consumer);
                }
                analyzer.finish().forEach(consumer);
                return new Summary(records.linesRead(), records.format(), records.linesTruncated(), records.linesNotUnderstood(),
                        parts.isPresent());
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CliException(ExitCodes.USAGE, input.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A large regular file in a rendering whose lines parse alone is read in parts (by default one per core),
     * each on its own thread, instead of by {@code whole} (which detected the format, and is closed
     * then, or on failure): on a large log with few reports, reading is most of the work
     * (docs/benchmarks.md).
     */
    private static Optional<PartedRecords<OomPreparse>> inParts(Input input, RecordStream whole, ReaderOptions options,
                                                                int maxParts, long minPartBytes) throws IOException {
        if (input.file().isEmpty() || whole.format().isEmpty()) {
            return Optional.empty();
        }
        Optional<PartedRecords<OomPreparse>> parts;
        try {
            parts = PartedRecords.open(input.file().get(), whole.format().get(), options, KeywordPrefilter::create,
                    maxParts, minPartBytes,
                    part -> new Prefetch<>(part, new OomPreparse.Preparer()::prepare));
        } catch (IOException | RuntimeException e) {
            try {
                whole.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (parts.isPresent()) {
            whole.close();
        }
        return parts;
    }
}
