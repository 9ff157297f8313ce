package dev.whokilled.rules.explain;

import dev.whokilled.rules.record.KernelRecord;
import java.util.List;
import java.util.Objects;

/**
 * Something the kernel log reports that is worth an operator's attention but killed no identified
 * process, such as an OOM killer that found nothing to kill. Immutable.
 */
public record Notice(String kind, When when, String summary, EvidenceTrust trust, List<KernelRecord> evidence)
        implements Explanation {
    public Notice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(trust, "trust");
        evidence = List.copyOf(evidence);
    }
}
