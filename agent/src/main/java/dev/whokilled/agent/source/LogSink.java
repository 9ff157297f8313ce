package dev.whokilled.agent.source;

import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.record.KernelRecord;

/**
 * Where a log source (kmsg, the journal) hands what it reads: records, and the gaps it could not
 * read. Called from the source's reader thread only.
 */
public interface LogSink {
    void record(KernelRecord record);

    void gap(Gap gap);
}
