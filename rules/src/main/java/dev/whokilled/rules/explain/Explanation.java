package dev.whokilled.rules.explain;

import java.util.List;

/** What the analysis reports: a process death, or a notice about something that killed no one. */
public sealed interface Explanation permits Termination, Notice {
    When when();

    String summary();

    EvidenceTrust trust();

    List<dev.whokilled.rules.record.KernelRecord> evidence();
}
