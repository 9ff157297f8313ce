package dev.whokilled.rules.oom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.oom.OomParseOutcome.Parsed;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the assembler over shuffled, truncated and hostile input: no exception, bounded state, no misattribution. */
class OomReportAssemblerPropertiesTest {
    private static final List<KernelRecord> REAL = KmsgFixture.load("memcg-6.18-real.txt");
    private static final List<String> FIXTURES = List.of("memcg-6.18-real.txt", "rhel6-2.6.32-global.txt",
            "rhel7-3.10-memcg.txt", "global-4.14-nr_pmds.txt", "memcg-4.19-group.txt", "memcg-5.10-summary.txt",
            "global-6.1-adj900.txt", "group-6.6.txt", "storm-killed-only.txt", "back-to-back-interleaved.txt",
            "no-killable.txt", "hostile-comm.txt", "userspace-fake.txt", "garbled-pid.txt");
    private static final List<KernelRecord> ALL = FIXTURES.stream().flatMap(f -> KmsgFixture.load(f).stream()).toList();

    /** Pids printed on kernel-origin lines that parse as Killed process lines. */
    private static Set<Integer> killedPids(List<KernelRecord> input) {
        Set<Integer> pids = new HashSet<>();
        for (KernelRecord r : input) {
            if (r.origin() != Origin.USERSPACE && OomLineParser.parse(r.message()) instanceof Parsed p
                    && p.line() instanceof OomLine.KilledProcess k) {
                pids.add(k.victim().pid());
            }
        }
        return pids;
    }

    private static void check(List<KernelRecord> input) {
        OomReportAssembler a = new OomReportAssembler();
        List<Evidence> out = new ArrayList<>();
        for (KernelRecord r : input) {
            out.addAll(a.accept(r));
            assertTrue(a.retained() <= OomReportAssembler.MAX_ROWS * 2 + OomReportAssembler.MAX_PENDING_KILLS + 64,
                    "state stays bounded: " + a.retained());
        }
        out.addAll(a.finish());
        assertTrue(a.retained() == 0, "finish empties the state");
        Set<Integer> printed = killedPids(input);
        for (Evidence e : out) {
            if (e instanceof OomKill k) {
                assertTrue(printed.contains(k.victim().pid()), "victim " + k.victim().pid() + " printed on a kill line");
                assertTrue(k.records().stream().anyMatch(r -> r.origin() != Origin.USERSPACE
                        && r.message().contains("Killed process " + k.victim().pid())), "its own kill line is evidence");
                assertTrue(k.records().stream().noneMatch(r -> r.origin() == Origin.USERSPACE));
            }
        }
    }

    @Property(tries = 300)
    void accept_shuffledAndTruncatedRealReport_neverMisattributes(@ForAll("damaged") List<KernelRecord> input) {
        check(input);
    }

    @Property(tries = 300)
    void accept_mixOfAllFixturesAndRandomMessages_neverMisattributes(@ForAll("mixed") List<KernelRecord> input) {
        check(input);
    }

    @Property(tries = 200)
    void parse_anyMessage_neverThrows(@ForAll("messages") String message) {
        OomLineParser.parse(message);
        OomLineParser.parse(message, Optional.of(new TableLayout(List.of("uid", "tgid", "total_vm", "rss",
                "pgtables_bytes", "swapents", "oom_score_adj", "name"))));
    }

    @Property(tries = 20)
    void parse_oneMebibyteMessage_returnsPromptly(@ForAll("prefixes") String prefix) {
        String huge = prefix + "(".repeat(256 * 1024) + ") total-vm:1kB, ".repeat(20_000) + ",".repeat(200_000);
        long start = System.nanoTime();
        OomLineParser.parse(huge);
        OomLineParser.parse(huge, Optional.of(new TableLayout(List.of("uid", "name"))));
        new OomReportAssembler().accept(KmsgFixture.record(1, 3, 1, 1, huge));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "a 1 MiB message is handled in linear time");
    }

    @Property(tries = 300)
    void parse_killLineWithAnyComm_readsThePrintedPidAndComm(@ForAll("comms") String comm,
                                                              @ForAll("pids") int pid) {
        String line = "Memory cgroup out of memory: Killed process " + pid + " (" + comm + ") total-vm:78028kB, "
                + "anon-rss:65152kB, file-rss:6356kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:0";
        OomLine.KilledProcess k = (OomLine.KilledProcess) ((Parsed) OomLineParser.parse(line)).line();
        assertTrue(k.victim().pid() == pid && k.victim().comm().equals(comm), k.victim().toString());
    }

    @Provide
    Arbitrary<List<KernelRecord>> damaged() {
        return Combinators.combine(Arbitraries.integers().between(0, REAL.size()), Arbitraries.randoms())
                .as((cut, random) -> {
                    List<KernelRecord> copy = new ArrayList<>(REAL.subList(0, cut));
                    // drop some lines and swap some neighbours: lost and interleaved records
                    copy.removeIf(r -> random.nextInt(10) == 0);
                    for (int i = 1; i < copy.size(); i++) {
                        if (random.nextInt(8) == 0) {
                            KernelRecord t = copy.get(i);
                            copy.set(i, copy.get(i - 1));
                            copy.set(i - 1, t);
                        }
                    }
                    return copy;
                });
    }

    @Provide
    Arbitrary<List<KernelRecord>> mixed() {
        Arbitrary<KernelRecord> fromFixtures = Arbitraries.of(ALL);
        Arbitrary<KernelRecord> random = Combinators.combine(messages(), Arbitraries.of(0, 3, 6, 11, 14, 46))
                .as((m, prio) -> KmsgFixture.record(1, prio, 1, 1, m));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, fromFixtures), net.jqwik.api.Tuple.of(1, random)).list().ofMaxSize(400);
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> fragments = Arbitraries.of("Killed process ", "Kill process ", " (", ")", ") total-vm:",
                "kB, ", "anon-rss:", "file-rss:", "UID:", " pgtables:", "oom_score_adj:", "oom-kill:constraint=",
                ",nodemask=", ",task=", ",pid=", ",uid=", ",oom_memcg=", ",task_memcg=", "[", "]", " ", "-", "12",
                "0", "99999999999999999999", " invoked oom-killer: ", "gfp_mask=0x", "CPU: ", " PID: ", " Comm: ",
                "memory: usage ", ", limit ", ", failcnt ", "Tasks in ", "oom_reaper: reaped process ", "), now ",
                "Memory cgroup out of memory: ", "Out of memory: ", "[  pid  ]   uid  tgid total_vm      rss name");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(20).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("Killed process 1 ", "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=",
                "Out of memory: Kill process 1 ", "[   12]", "oom_reaper: reaped process 5 ", "x invoked oom-killer: ");
    }

    @Provide
    Arbitrary<String> comms() {
        Arbitrary<String> hostile = Arbitraries.of("Killed process 1 (init)", ") total-vm:1kB", "), UID 0,", "(", ")",
                " ", "a b", "x) score 1", "), now ", ",task=", ",pid=1,uid=0");
        return Arbitraries.oneOf(hostile, Arbitraries.strings().withChars("()ab ,:-0123456789kBtotalvm").ofMaxLength(15));
    }

    @Provide
    Arbitrary<Integer> pids() {
        return Arbitraries.integers().between(1, 4_194_304);
    }
}
