package dev.whokilled.rules.analysis;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.fault.KernelFaultParser;
import dev.whokilled.rules.oom.OomPreparse;
import dev.whokilled.rules.oom.OomReportAssembler;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.userspace.UserspaceMessageParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every parser of kernel-log records in one place: the OOM report assembler, the fault parser and
 * the userspace-message parser, fed the same records in log order. Streaming, bounded state (the
 * assembler's open report); not thread-safe.
 */
public final class EvidenceParsers {
    private final OomReportAssembler oom = new OomReportAssembler();
    private final UserspaceMessageParser userspace;

    public EvidenceParsers(UserspaceMessageParser userspace) {
        this.userspace = Objects.requireNonNull(userspace, "userspace");
    }

    /** The evidence this record completes (an OOM kill may complete several records later). */
    public List<Evidence> accept(KernelRecord record) {
        return accept(record, null);
    }

    /** {@link #accept(KernelRecord)} with the OOM parse done ahead (null: not); the same evidence. */
    public List<Evidence> accept(KernelRecord record, OomPreparse preparsed) {
        List<Evidence> found = new ArrayList<>(oom.accept(record, preparsed));
        KernelFaultParser.parse(record).ifPresent(found::add);
        userspace.parse(record).ifPresent(found::add);
        return found;
    }

    /** Time has reached {@code monotonicMicros} by another source's clock: reports that have settled by then close. */
    public List<Evidence> advanceTo(long monotonicMicros) {
        return oom.advanceTo(monotonicMicros);
    }

    /** End of input: the evidence of reports still open. */
    public List<Evidence> finish() {
        return oom.finish();
    }
}
