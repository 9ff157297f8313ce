package dev.whokilled.rules.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.OomNoVictim;
import dev.whokilled.rules.record.KernelRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OomReportAssemblerTest {
    private static final String CEO = "/user.slice/user-0.slice/session-1.scope/ceo-oomtest";

    static List<Evidence> run(List<KernelRecord> records) {
        OomReportAssembler a = new OomReportAssembler();
        List<Evidence> out = new ArrayList<>();
        for (KernelRecord r : records) {
            out.addAll(a.accept(r));
        }
        out.addAll(a.finish());
        return out;
    }

    static List<OomKill> kills(String fixture) {
        return run(KmsgFixture.load(fixture)).stream().map(e -> assertInstanceOf(OomKill.class, e)).toList();
    }

    private static List<Long> seqs(OomKill k) {
        return k.records().stream().map(r -> r.stamp().sequence().getAsLong()).toList();
    }

    @Test
    void accept_realCapture618_yieldsExactlyTheTwoKills() {
        List<OomKill> kills = kills("memcg-6.18-real.txt");
        assertEquals(2, kills.size());

        OomKill first = kills.get(0);
        assertEquals(2137, first.victim().pid());
        assertEquals("python3", first.victim().comm());
        assertEquals("python3", first.trigger().orElseThrow().comm());
        assertEquals(OptionalInt.of(2137), first.trigger().orElseThrow().pid());
        assertEquals(Optional.of("0xcc0(GFP_KERNEL)"), first.trigger().orElseThrow().gfpMask());
        assertEquals(OomConstraint.MEMCG, first.constraint());
        assertTrue(first.cgroupOom());
        assertFalse(first.groupKill());
        assertEquals(Optional.of(CEO), first.oomMemcg());
        assertEquals(Optional.of(CEO), first.taskMemcg());
        assertEquals(new MemoryUsage("memory", 65536, 65536, OptionalLong.of(911)), first.memory().get(0));
        assertEquals(List.of("memory", "memory+swap", "kmem"), first.memory().stream().map(MemoryUsage::counter).toList());
        assertEquals(OptionalLong.of(65152), first.victim().anonRssKb());
        assertEquals(OptionalLong.of(188), first.victim().pgtablesKb());
        assertEquals(OptionalInt.of(0), first.victim().oomScoreAdj());
        assertEquals(1, first.candidates().size());
        assertEquals(List.of(), first.missing());
        assertFalse(first.reaped());
        // header, CPU line, counters, stats header, table header, the victim's row, summary, kill line
        assertEquals(List.of(337L, 338L, 365L, 366L, 367L, 368L, 412L, 413L, 414L, 415L), seqs(first));

        OomKill second = kills.get(1);
        assertEquals(3864, second.victim().pid());
        assertEquals(OptionalInt.of(3906), second.trigger().orElseThrow().pid());
        assertEquals(Optional.of(CEO + "2"), second.oomMemcg());
        assertEquals(Optional.of(CEO + "2"), second.taskMemcg());
        assertEquals(102400, second.memory().get(0).limitKb());
        assertEquals(2, second.candidates().size());
        assertTrue(seqs(second).containsAll(List.of(506L, 507L, 509L)), "victim row, trigger row, kill line");
        assertFalse(seqs(second).contains(416L), "the journald line is not evidence");

        VictimChoice choice = VictimRanking.rank(second);
        assertEquals(VictimChoice.Reason.LARGEST, choice.reason());
        assertEquals(OptionalInt.of(3864), choice.chosenPid());
        assertEquals(20413, choice.ranking().get(0).points());
        assertEquals(6585, choice.ranking().get(1).points());
        assertFalse(choice.approximate());
        assertEquals("chosen as the largest of 2 candidates: 79.7 MiB (resident + swap + page tables)"
                + " vs 25.7 MiB for pid 3906 (python3)", choice.why());
    }

    @Test
    void accept_realCaptureWithJournaldLineAsKernel_wouldNotChangeTheKills() {
        // The facility-5 line says nothing about OOM; even read as kernel text it must not touch the kills.
        List<KernelRecord> records = new ArrayList<>(KmsgFixture.load("memcg-6.18-real.txt"));
        records.removeIf(r -> r.origin() != dev.whokilled.rules.record.Origin.KERNEL);
        assertEquals(kills("memcg-6.18-real.txt"), run(records));
    }

    @Test
    void accept_rhel6Global_readsUidScoreAndOldTable() {
        OomKill k = kills("rhel6-2.6.32-global.txt").get(0);
        assertEquals(2137, k.victim().pid());
        assertEquals(OptionalLong.of(679), k.victim().uid());
        assertEquals(OptionalLong.of(854), k.victim().score());
        assertEquals(OptionalInt.of(2137), k.trigger().orElseThrow().pid());
        assertEquals(OptionalInt.of(0), k.trigger().orElseThrow().oomScoreAdj());
        assertEquals(OomConstraint.UNKNOWN, k.constraint(), "an old 'Out of memory:' line does not prove global");
        assertEquals(3, k.candidates().size());
        assertEquals(List.of(), k.missing(), "2.6.32 prints no summary, so none is missing");
    }

    @Test
    void accept_rhel7Memcg_takesMemcgFromTaskInLine() {
        OomKill k = kills("rhel7-3.10-memcg.txt").get(0);
        assertEquals(21945, k.victim().pid());
        assertEquals(OptionalLong.of(1000), k.victim().uid());
        assertEquals(OptionalLong.of(960), k.victim().score());
        assertEquals(OptionalInt.of(21966), k.trigger().orElseThrow().pid());
        assertEquals(OomConstraint.MEMCG, k.constraint());
        assertEquals(Optional.of("/docker/abc"), k.oomMemcg());
        assertEquals(Optional.of("/docker/abc"), k.taskMemcg());
        assertEquals(OptionalLong.of(200 * 4096), k.candidates().get(0).pgtablesBytes());
        assertEquals(VictimChoice.Reason.LARGEST, VictimRanking.rank(k).reason());
    }

    @Test
    void accept_global414_attachesReaperAndKeepsUnknownConstraint() {
        OomKill k = kills("global-4.14-nr_pmds.txt").get(0);
        assertEquals(812, k.victim().pid());
        assertTrue(k.reaped());
        assertEquals(OomConstraint.UNKNOWN, k.constraint());
        assertEquals(4, k.candidates().size());
        assertEquals(314L, seqs(k).get(seqs(k).size() - 1));
        VictimChoice c = VictimRanking.rank(k);
        assertEquals(VictimChoice.Reason.LARGEST, c.reason());
        assertFalse(c.ranking().get(0).candidate().pid() == 301 || c.ranking().get(1).candidate().pid() == 301);
        assertFalse(c.ranking().get(3).eligible(), "oom_score_adj=-1000 is never chosen");
    }

    @Test
    void accept_groupKill419_makesEveryMemberAGroupKillSharingTheReport() {
        List<OomKill> kills = kills("memcg-4.19-group.txt");
        assertEquals(List.of(1221, 1217, 1218), kills.stream().map(k -> k.victim().pid()).toList());
        for (OomKill k : kills) {
            assertTrue(k.groupKill());
            assertEquals(Optional.of("/A1"), k.oomMemcg());
            assertEquals(OptionalInt.of(1221), k.trigger().orElseThrow().pid());
            assertEquals(3, k.candidates().size());
            assertEquals(OomConstraint.MEMCG, k.constraint());
        }
        assertTrue(kills.get(0).reaped());
        assertFalse(kills.get(1).reaped());
        assertEquals(OptionalLong.of(479), kills.get(0).victim().score());
        assertEquals(OptionalLong.empty(), kills.get(1).victim().score(), "the score is the chosen task's only");
        assertTrue(kills.get(0).cgroupOom(), "from the Memory cgroup verdict line");
    }

    @Test
    void accept_summary510_readsPathsWithCommasAndLaterReaper() {
        OomKill k = kills("memcg-5.10-summary.txt").get(0);
        assertEquals(18847, k.victim().pid());
        assertEquals(OptionalInt.of(18850), k.trigger().orElseThrow().pid());
        assertEquals(Optional.of("/kubepods/burstable/pod3a7f,x"), k.oomMemcg());
        assertEquals(Optional.of("/kubepods/burstable/pod3a7f,x/user-service"), k.taskMemcg());
        assertTrue(k.reaped());
        assertFalse(seqs(k).contains(514L));
        assertEquals(VictimChoice.Reason.LARGEST, VictimRanking.rank(k).reason());
    }

    @Test
    void accept_global61_victimWithRaisedAdjIsExplained() {
        OomKill k = kills("global-6.1-adj900.txt").get(0);
        assertEquals(5200, k.victim().pid());
        assertEquals("Web Content", k.victim().comm());
        assertEquals(OomConstraint.GLOBAL, k.constraint());
        assertEquals(Optional.empty(), k.oomMemcg());
        assertEquals(33, k.candidates().size());
        assertTrue(k.reaped());
        VictimChoice known = VictimRanking.rank(k.candidates(), OptionalInt.of(5200), OptionalLong.of(2097152));
        assertEquals(VictimChoice.Reason.RAISED_OOM_SCORE_ADJ, known.reason());
        assertFalse(known.approximate());
        assertEquals(5200, known.ranking().get(0).candidate().pid());
        assertTrue(known.why().startsWith("chosen because oom_score_adj=900 although pid 4100 (java) used more"), known.why());
        VictimChoice unknown = VictimRanking.rank(k);
        assertEquals(VictimChoice.Reason.RAISED_OOM_SCORE_ADJ, unknown.reason());
        assertTrue(unknown.approximate(), "totalpages unknown and oom_score_adj matters");
    }

    @Test
    void accept_groupKill66_membersCarryTheGroupCgroup() {
        List<OomKill> kills = kills("group-6.6.txt");
        assertEquals(List.of(68061, 68040, 68062), kills.stream().map(k -> k.victim().pid()).toList());
        assertTrue(kills.stream().allMatch(OomKill::groupKill));
        assertTrue(kills.stream().allMatch(OomKill::cgroupOom));
        String scope = "/kubepods.slice/pod10d1.slice/cri-containerd-178e.scope";
        assertTrue(kills.stream().allMatch(k -> k.taskMemcg().equals(Optional.of(scope))));
        assertEquals(List.of(false, false, true), kills.stream().map(OomKill::reaped).toList());
    }

    @Test
    void accept_stormWithOnlyKillLines_yieldsAKillEachListingWhatIsMissing() {
        List<OomKill> kills = kills("storm-killed-only.txt");
        assertEquals(List.of(9001, 9002, 9003), kills.stream().map(k -> k.victim().pid()).toList());
        for (OomKill k : kills) {
            assertEquals(List.of("report header", "task table", "oom-kill summary"), k.missing());
            assertEquals(Optional.empty(), k.trigger());
            assertEquals(OomConstraint.UNKNOWN, k.constraint());
            assertEquals(1, k.records().size());
        }
    }

    @Test
    void accept_backToBackReports_secondHeaderClosesTheFirstWithoutInventingAKill() {
        List<OomKill> kills = kills("back-to-back-interleaved.txt");
        assertEquals(1, kills.size());
        OomKill k = kills.get(0);
        assertEquals(3100, k.victim().pid());
        assertEquals(OptionalInt.of(3100), k.trigger().orElseThrow().pid());
        assertEquals(Optional.of("/system.slice/app-b.service"), k.oomMemcg());
        assertEquals(131072, k.memory().get(0).limitKb());
        assertEquals(List.of(3100), k.candidates().stream().map(c -> c.pid()).toList(),
                "the segfault line between rows is not a row, and app-a's row is not app-b's");
        assertTrue(seqs(k).stream().allMatch(s -> s >= 908), "nothing from the first report");
        assertFalse(seqs(k).contains(910L) || seqs(k).contains(915L) || seqs(k).contains(918L));
    }

    @Test
    void accept_noKillableProcesses_yieldsOomNoVictim() {
        List<Evidence> out = run(KmsgFixture.load("no-killable.txt"));
        assertEquals(1, out.size());
        OomNoVictim n = assertInstanceOf(OomNoVictim.class, out.get(0));
        assertEquals(OptionalInt.of(640), n.trigger().orElseThrow().pid());
        assertEquals(OomConstraint.MEMCG, n.constraint());
        assertEquals(Optional.of("/system.slice/ssh.service"), n.oomMemcg());
        assertEquals("Out of memory and no killable processes...", n.records().get(n.records().size() - 1).message());
    }

    @Test
    void accept_hostileComms_attributeTheKillToThePrintedPid() {
        List<OomKill> kills = kills("hostile-comm.txt");
        assertEquals(1, kills.size());
        OomKill k = kills.get(0);
        assertEquals(4445, k.victim().pid());
        assertEquals("x) total-vm:1kB", k.victim().comm());
        assertEquals(OptionalLong.of(80000), k.victim().totalVmKb());
        assertEquals("Killed process ", k.trigger().orElseThrow().comm());
        assertEquals(OptionalInt.of(4444), k.trigger().orElseThrow().pid());
        assertTrue(k.reaped());
        assertEquals(List.of("Killed process ", "x) total-vm:1kB", "my (evil) job"),
                k.candidates().stream().map(c -> c.name()).toList());
    }

    @Test
    void accept_userspaceFakeReport_yieldsNothing() {
        assertEquals(List.of(), run(KmsgFixture.load("userspace-fake.txt")));
    }

    @Test
    void accept_killLineWithGarbledPid_yieldsNoKill() {
        assertEquals(List.of(), run(KmsgFixture.load("garbled-pid.txt")));
    }

    @Test
    void accept_summaryNamingAnotherPid_doesNotLendItsContextToTheKill() {
        List<KernelRecord> records = KmsgFixture.parse("""
                4,1,100,-;a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
                6,2,110,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),oom_memcg=/a,task_memcg=/a,task=a,pid=10,uid=0
                3,3,120,-;Memory cgroup out of memory: Killed process 11 (b) total-vm:1kB, anon-rss:1kB, file-rss:1kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0
                """);
        OomKill k = assertInstanceOf(OomKill.class, run(records).get(0));
        assertEquals(11, k.victim().pid());
        assertEquals(Optional.empty(), k.oomMemcg());
        assertEquals(Optional.empty(), k.trigger());
        assertEquals(OomConstraint.MEMCG, k.constraint(), "from its own Memory cgroup prefix");
    }

    @Test
    void accept_reportWithoutKill_isAbandonedAfterTheIdleBound() {
        List<KernelRecord> records = new ArrayList<>(KmsgFixture.parse("""
                4,1,100,-;a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
                6,2,110,-;memory: usage 4kB, limit 4kB, failcnt 1
                """));
        for (int i = 0; i < OomReportAssembler.ABANDON_RECORDS + 1; i++) {
            records.add(KmsgFixture.record(10 + i, 6, 10 + i, 200 + i, "unrelated " + i));
        }
        records.add(KmsgFixture.record(9999, 3, 9999, 9999, "Killed process 5 (x) total-vm:1kB, anon-rss:1kB, file-rss:1kB"));
        OomKill k = assertInstanceOf(OomKill.class, run(records).get(0));
        assertEquals(Optional.empty(), k.trigger(), "the abandoned header is not this kill's");
        assertTrue(k.missing().contains("report header"));
    }

    @Test
    void accept_hugeTable_keepsTheCapAndNotesTheRest() {
        List<KernelRecord> records = new ArrayList<>();
        records.add(KmsgFixture.record(1, 4, 1, 1, "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"));
        records.add(KmsgFixture.record(2, 6, 2, 2, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"));
        int rows = OomReportAssembler.MAX_ROWS + 5;
        for (int i = 1; i <= rows; i++) {
            records.add(KmsgFixture.record(2 + i, 6, 2 + i, 2 + i,
                    String.format("[%7d] %5d %5d %8d %8d %8d %8d         %5d t%d", i, 0, i, 100, i, 4096, 0, 0, i)));
        }
        records.add(KmsgFixture.record(rows + 3, 3, rows + 3, rows + 3,
                "Out of memory: Killed process 7 (t7) total-vm:400kB, anon-rss:28kB, file-rss:0kB, shmem-rss:0kB"));
        OomKill k = assertInstanceOf(OomKill.class, run(records).get(0));
        assertEquals(OomReportAssembler.MAX_ROWS, k.candidates().size());
        assertTrue(k.missing().contains("task table rows beyond 10000 (5 not kept)"), k.missing().toString());
        assertTrue(k.records().size() < 10, "rows are summarised, only the victim's is kept: " + k.records().size());
    }
}
