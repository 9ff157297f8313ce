package dev.whokilled.rules.analysis;

import dev.whokilled.rules.explain.Explainer;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.IncidentCorrelator;
import dev.whokilled.rules.explain.Rules;
import dev.whokilled.rules.reader.KernelLogReader;
import dev.whokilled.rules.reader.LinePrefilter;
import dev.whokilled.rules.reader.OpenOutcome;
import dev.whokilled.rules.reader.ReaderOptions;
import dev.whokilled.rules.reader.RecordStream;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import dev.whokilled.rules.testing.FixtureFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helper: runs the whole analysis (reader, parsers, correlation, rules) over bytes or a fixture. */
final class Analysis {
    private Analysis() {
    }

    static List<Explanation> run(byte[] log, LinePrefilter prefilter) {
        LogAnalyzer analyzer = new LogAnalyzer(UserspaceMessageParser.withDefaultPatterns(), IncidentCorrelator.withDefaults(),
                new Explainer(Rules.DEFAULT, Optional.empty()));
        ReaderOptions options = ReaderOptions.defaults(ZoneOffset.UTC, 2026).withPrefilter(prefilter);
        List<Explanation> out = new ArrayList<>();
        try {
            OpenOutcome outcome = KernelLogReader.open(new ByteArrayInputStream(log), options);
            if (!(outcome instanceof OpenOutcome.Opened opened)) {
                throw new AssertionError("not opened: " + outcome);
            }
            try (RecordStream records = opened.stream()) {
                records.forEachRemaining(r -> out.addAll(analyzer.accept(r)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.addAll(analyzer.finish());
        return out;
    }

    static List<Explanation> run(byte[] log) {
        return run(log, KeywordPrefilter.create());
    }

    /** A fixture's bytes after its leading {@code #} header. */
    static byte[] fixture(String resource) {
        return FixtureFiles.load(resource);
    }
}
