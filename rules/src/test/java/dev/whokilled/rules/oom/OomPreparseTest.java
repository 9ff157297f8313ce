package dev.whokilled.rules.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.record.KernelRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A parse done ahead never changes what the assembler makes of a record, whatever layout was guessed. */
class OomPreparseTest {
    private static final List<String> FIXTURES = List.of("memcg-6.18-real.txt", "rhel6-2.6.32-global.txt",
            "rhel7-3.10-memcg.txt", "global-4.14-nr_pmds.txt", "memcg-4.19-group.txt", "memcg-5.10-summary.txt",
            "global-6.1-adj900.txt", "group-6.6.txt", "storm-killed-only.txt", "back-to-back-interleaved.txt",
            "no-killable.txt", "hostile-comm.txt", "userspace-fake.txt", "garbled-pid.txt");
    private static final List<KernelRecord> ALL = FIXTURES.stream().flatMap(f -> KmsgFixture.load(f).stream()).toList();
    private static final TableLayout V6 = new TableLayout(List.of("uid", "tgid", "total_vm", "rss", "rss_anon", "rss_file",
            "rss_shmem", "pgtables_bytes", "swapents", "oom_score_adj", "name"));
    private static final TableLayout V5 = new TableLayout(List.of("uid", "tgid", "total_vm", "rss", "pgtables_bytes",
            "swapents", "oom_score_adj", "name"));

    private static List<Evidence> assemble(List<KernelRecord> input, List<OomPreparse> preparsed) {
        OomReportAssembler a = new OomReportAssembler();
        List<Evidence> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            out.addAll(preparsed == null ? a.accept(input.get(i)) : a.accept(input.get(i), preparsed.get(i)));
        }
        out.addAll(a.finish());
        return out;
    }

    @Provide
    Arbitrary<List<KernelRecord>> logs() {
        // runs of the fixtures' records, in order and out of it: reports cut, interleaved and concatenated
        return Arbitraries.integers().between(0, ALL.size() - 1).list().ofMaxSize(400).map(starts -> {
            List<KernelRecord> log = new ArrayList<>();
            for (int s : starts) {
                log.addAll(ALL.subList(s, Math.min(ALL.size(), s + 1 + s % 37)));
            }
            return log;
        });
    }

    @Property(tries = 300)
    void accept_withPreparseFromAnyStart_sameEvidenceAsWithout(@ForAll("logs") List<KernelRecord> log,
                                                              @ForAll("starts") int start) {
        // the preparer sees the log from `start` on (as a part's thread does), then the records before it
        int from = log.isEmpty() ? 0 : start % log.size();
        OomPreparse.Preparer preparer = new OomPreparse.Preparer();
        OomPreparse[] preparsed = new OomPreparse[log.size()];
        for (int i = from; i < log.size(); i++) {
            preparsed[i] = preparer.prepare(log.get(i));
        }
        for (int i = 0; i < from; i++) {
            preparsed[i] = preparer.prepare(log.get(i));
        }
        assertEquals(assemble(log, null), assemble(log, List.of(preparsed)));
    }

    @Provide
    Arbitrary<Integer> starts() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Test
    void outcomeFor_rowParsedWithAnotherLayout_isParsedAgain() {
        String row = "[   1007]     0  1007    22066    20359    19616      743         0   221184        0             0 java";
        OomPreparse ahead = new OomPreparse(row, Optional.of(V5), OomLineParser.parse(row, Optional.of(V5)));
        assertEquals(OomLineParser.parse(row, Optional.of(V6)), ahead.outcomeFor(Optional.of(V6)));
        assertEquals(OomLineParser.parse(row, Optional.empty()), ahead.outcomeFor(Optional.empty()));
        assertSame(ahead.outcome(), ahead.outcomeFor(Optional.of(V5)));
    }

    @Test
    void outcomeFor_lineNotOfTheTable_keepsTheOutcomeWhateverTheLayout() {
        String kill = "Memory cgroup out of memory: Killed process 1007 (java) total-vm:88264kB, anon-rss:78464kB, "
                + "file-rss:2972kB, shmem-rss:0kB, UID:0 pgtables:216kB oom_score_adj:0";
        OomPreparse ahead = new OomPreparse(kill, Optional.empty(), OomLineParser.parse(kill));
        assertSame(ahead.outcome(), ahead.outcomeFor(Optional.of(V6)));
    }

    @Test
    void accept_preparseOfAnotherMessage_isNotUsed() {
        List<KernelRecord> log = KmsgFixture.load("memcg-6.18-real.txt");
        OomPreparse wrong = new OomPreparse("x", Optional.empty(), new OomParseOutcome.Ignored());
        List<OomPreparse> wrongs = log.stream().map(r -> wrong).toList();
        assertEquals(assemble(log, null), assemble(log, wrongs));
    }
}
