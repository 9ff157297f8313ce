package dev.whokilled.rules.analysis;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.explain.Explainer;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.Incident;
import dev.whokilled.rules.explain.IncidentCorrelator;
import dev.whokilled.rules.oom.OomPreparse;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Explains the deaths in a stream of kernel-log records: every parser sees every record, the
 * evidence is correlated into incidents, and each closed incident is explained. Push-based and
 * streaming with bounded state, so a log of any size runs in constant memory. Not thread-safe.
 */
public final class LogAnalyzer {
    private final EvidenceParsers parsers;
    private final IncidentCorrelator correlator;
    private final Explainer explainer;

    public LogAnalyzer(UserspaceMessageParser userspace, IncidentCorrelator correlator, Explainer explainer) {
        this.parsers = new EvidenceParsers(userspace);
        this.correlator = Objects.requireNonNull(correlator, "correlator");
        this.explainer = Objects.requireNonNull(explainer, "explainer");
    }

    /** Feeds one record; returns the explanations that this record completed, oldest first. */
    public List<Explanation> accept(KernelRecord record) {
        return accept(record, null);
    }

    /**
     * {@link #accept(KernelRecord)} with the record's OOM parse done ahead, typically on the thread
     * that read it, so this (ordered, single) thread does less; null when it was not. The same
     * explanations either way.
     */
    public List<Explanation> accept(KernelRecord record, OomPreparse preparsed) {
        List<Evidence> found = parsers.accept(record, preparsed);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Explanation> out = new ArrayList<>();
        for (Evidence e : found) {
            explainAll(correlator.accept(e), out);
        }
        return out;
    }

    /** End of input: completes open reports and incidents. */
    public List<Explanation> finish() {
        List<Explanation> out = new ArrayList<>();
        for (Evidence e : parsers.finish()) {
            explainAll(correlator.accept(e), out);
        }
        explainAll(correlator.finish(), out);
        return out;
    }

    private void explainAll(List<Incident> incidents, List<Explanation> out) {
        for (Incident i : incidents) {
            out.add(explainer.explain(i));
        }
    }
}
