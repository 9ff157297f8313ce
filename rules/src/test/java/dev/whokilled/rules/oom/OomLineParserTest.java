package dev.whokilled.rules.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomConstraint;
import dev.whokilled.rules.evidence.OomVictim;
import dev.whokilled.rules.oom.OomLine.KilledProcess;
import dev.whokilled.rules.oom.OomParseOutcome.Ignored;
import dev.whokilled.rules.oom.OomParseOutcome.Malformed;
import dev.whokilled.rules.oom.OomParseOutcome.Parsed;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OomLineParserTest {

    private static <T extends OomLine> T parsed(String message, Class<T> type) {
        OomParseOutcome outcome = OomLineParser.parse(message);
        Parsed p = assertInstanceOf(Parsed.class, outcome, () -> "not parsed: " + outcome);
        return assertInstanceOf(type, p.line());
    }

    private static OomVictim victim(String message) {
        return parsed(message, KilledProcess.class).victim();
    }

    @Test
    void parse_killLine618_extractsEveryField() {
        KilledProcess k = parsed("Memory cgroup out of memory: Killed process 2137 (python3) total-vm:78028kB, "
                + "anon-rss:65152kB, file-rss:6356kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:0",
                KilledProcess.class);
        assertEquals(Optional.of("Memory cgroup out of memory"), k.message());
        assertTrue(k.cgroupOom());
        OomVictim v = k.victim();
        assertEquals(2137, v.pid());
        assertEquals("python3", v.comm());
        assertEquals(OptionalLong.of(0), v.uid());
        assertEquals(OptionalLong.of(78028), v.totalVmKb());
        assertEquals(OptionalLong.of(65152), v.anonRssKb());
        assertEquals(OptionalLong.of(6356), v.fileRssKb());
        assertEquals(OptionalLong.of(0), v.shmemRssKb());
        assertEquals(OptionalLong.of(188), v.pgtablesKb());
        assertEquals(OptionalInt.of(0), v.oomScoreAdj());
    }

    @Test
    void parse_killLine2636_hasNoShmemNoUidNoPrefix() {
        KilledProcess k = parsed("Killed process 18694 (perl) total-vm:1972392kB, anon-rss:1953348kB, file-rss:0kB",
                KilledProcess.class);
        assertEquals(Optional.empty(), k.message());
        assertFalse(k.cgroupOom());
        assertEquals(OptionalLong.empty(), k.victim().shmemRssKb());
        assertEquals(OptionalLong.empty(), k.victim().uid());
        assertEquals(OptionalInt.empty(), k.victim().oomScoreAdj());
    }

    @Test
    void parse_killLineRhel6_readsUidBeforeComm() {
        OomVictim v = victim("Killed process 215701, UID 679, (java) total-vm:11017300kB, anon-rss:7152432kB, file-rss:1232kB");
        assertEquals(215701, v.pid());
        assertEquals("java", v.comm());
        assertEquals(OptionalLong.of(679), v.uid());
    }

    @Test
    void parse_killLineRhel7_readsUidAfterComm() {
        OomVictim v = victim("Killed process 21945 (tidb-server), UID 1000, total-vm:33027492kB, anon-rss:31303276kB, "
                + "file-rss:0kB, shmem-rss:0kB");
        assertEquals(21945, v.pid());
        assertEquals("tidb-server", v.comm());
        assertEquals(OptionalLong.of(1000), v.uid());
        assertEquals(OptionalLong.of(0), v.shmemRssKb());
    }

    @Test
    void parse_killLineWithUnknownTrailingField_toleratesIt() {
        OomVictim v = victim("Out of memory: Killed process 835214 (mytask) total-vm:787716604kB, anon-rss:787536152kB, "
                + "file-rss:64kB, shmem-rss:0kB, UID:0 pgtables:1541224kB oom_score_adj:0, hugetlb-usage:0kB");
        assertEquals(835214, v.pid());
        assertEquals(OptionalLong.of(1541224), v.pgtablesKb());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x) total-vm:1kB|Memory cgroup out of memory: Killed process 4445 (x) total-vm:1kB) total-vm:80000kB, anon-rss:1kB, file-rss:400kB",
        "(agetty)|Out of memory: Killed process 167 ((agetty)) total-vm:8260kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:48kB oom_score_adj:0",
        "my (evil) job|Killed process 5 (my (evil) job) total-vm:10kB, anon-rss:1kB, file-rss:1kB",
        "a), UID 7, b|Killed process 6 (a), UID 7, b), UID 1000, total-vm:10kB, anon-rss:1kB, file-rss:1kB, shmem-rss:0kB",
        "Killed process|Killed process 7 (Killed process) total-vm:10kB, anon-rss:1kB, file-rss:1kB",
    })
    void parse_killLineWithHostileComm_anchorsPidAndNameOnFixedText(String comm, String line) {
        OomVictim v = victim(line);
        assertEquals(comm, v.comm());
        assertEquals(OptionalLong.of(1), v.anonRssKb());
        assertTrue(v.totalVmKb().getAsLong() > 1, "total-vm is the kernel's, not the one inside the name");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Memory cgroup out of memory: Killed process 21a7 (python3) total-vm:78028kB, anon-rss:65152kB, file-rss:6356kB",
        "Killed process (python3) total-vm:78028kB, anon-rss:65152kB, file-rss:6356kB",
        "Killed process 0 (python3) total-vm:78028kB, anon-rss:65152kB, file-rss:6356kB",
        "Killed process 99999999999 (python3) total-vm:78028kB, anon-rss:65152kB, file-rss:6356kB",
        "Killed process 12 (python3) total-vm:78028kB, anon-rss:65x52kB, file-rss:6356kB",
        "Killed process 12 (python3) total-vm:78028kB, anon-rss:",
        "Killed process 12 (python3) total-vm:78028kB",
        "Killed process 12 (python3",
        "Out of memory: Killed process 12 (x) total-vm:1kB, anon-rss:1kB, file-rss:1kB, UID:0 pgtables:1kB oom_score_adj:5000",
    })
    void parse_brokenKillLine_isMalformedNotAKill(String line) {
        assertInstanceOf(Malformed.class, OomLineParser.parse(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
        "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0~python3~0xcc0(GFP_KERNEL)~0~0~",
        "stress invoked oom-killer: gfp_mask=0x14280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null),  order=0, oom_score_adj=-17~stress~0x14280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)~0~-17~",
        "java invoked oom-killer: gfp_mask=0xd0, order=0, oom_adj=0, oom_scoe_adj=0~java~0xd0~0~0~0",
        "perl invoked oom-killer: gfp_mask=0x280da, order=3, oom_score_adj=0~perl~0x280da~3~0~",
        "my job invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000~my job~0xcc0(GFP_KERNEL)~0~1000~",
    })
    void parse_headerOfEachGeneration_readsTrigger(String line, String comm, String gfp, int order, int adj,
                                                   Integer oomAdj) {
        OomLine.ReportHeader h = parsed(line, OomLine.ReportHeader.class);
        assertEquals(comm, h.comm());
        assertEquals(gfp, h.gfpMask());
        assertEquals(OptionalInt.of(order), h.order());
        assertEquals(OptionalInt.of(adj), h.oomScoreAdj());
        assertEquals(oomAdj == null ? OptionalInt.empty() : OptionalInt.of(oomAdj), h.oomAdj());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CPU: 1 UID: 0 PID: 2137 Comm: python3 Not tainted 6.18.44-fc-v595 #1 PREEMPT(none) |2137|python3|0",
        "CPU: 14 PID: 21966 Comm: tidb-server Kdump: loaded Not tainted 3.10.0-1160.el7.x86_64 #1|21966|tidb-server|",
        "Pid: 2376, comm: mal-80 Not tainted 3.7.0+ #4|2376|mal-80|",
        "CPU: 0 PID: 9 Comm: a b Tainted: G        W  O      5.10.0 #1|9|a b|",
    })
    void parse_triggerLineOfEachGeneration_readsPid(String line, int pid, String comm, Long uid) {
        OomLine.TriggerTask t = parsed(line, OomLine.TriggerTask.class);
        assertEquals(pid, t.pid());
        assertTrue(t.isFor(comm));
        assertFalse(t.isFor(comm + "x"));
        assertEquals(uid == null ? OptionalLong.empty() : OptionalLong.of(uid), t.uid());
    }

    @Test
    void parse_summaryWithCommasInPathsAndNodeLists_readsByKeys() {
        OomLine.Summary s = parsed("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=0-1,3,cpuset=a,b,mems_allowed=0-1,3,"
                + "oom_memcg=/pod,x,task_memcg=/pod,x/c,task=guni,corn,pid=18847,uid=1000", OomLine.Summary.class);
        assertEquals(Optional.of(OomConstraint.MEMCG), s.constraint());
        assertEquals("0-1,3", s.nodemask());
        assertEquals(Optional.of("a,b"), s.cpuset());
        assertEquals(Optional.of("0-1,3"), s.memsAllowed());
        assertEquals(Optional.of("/pod,x"), s.oomMemcg());
        assertEquals(Optional.of("/pod,x/c"), s.taskMemcg());
        assertEquals("guni,corn", s.task());
        assertEquals(18847, s.pid());
        assertEquals(1000, s.uid());
    }

    @Test
    void parse_globalSummary_marksGlobalOomWithoutMemcg() {
        OomLine.Summary s = parsed("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
                + "global_oom,task_memcg=/user.slice,task=node,pid=4521,uid=1000", OomLine.Summary.class);
        assertEquals(Optional.of(OomConstraint.GLOBAL), s.constraint());
        assertTrue(s.globalOom());
        assertEquals(Optional.empty(), s.oomMemcg());
        assertEquals(Optional.of("/user.slice"), s.taskMemcg());
    }

    @Test
    void parse_summaryWithoutCpusetsOrMemcg_stillParses() {
        OomLine.Summary s = parsed("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),task=init,pid=1,uid=0",
                OomLine.Summary.class);
        assertEquals(Optional.empty(), s.cpuset());
        assertEquals("init", s.task());
    }

    @Test
    void parse_summaryWithUnknownConstraint_keepsTheName() {
        OomLine.Summary s = parsed("oom-kill:constraint=CONSTRAINT_NEW,nodemask=(null),task=a,pid=2,uid=0",
                OomLine.Summary.class);
        assertEquals(Optional.empty(), s.constraint());
        assertEquals("CONSTRAINT_NEW", s.constraintName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),task=a,pid=x,uid=0",
        "oom-kill:constraint=CONSTRAINT_MEMCG,task=a,pid=3,uid=0",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),garbage,task=a,pid=3,uid=0",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),task=a name far longer than fifteen bytes,pid=3,uid=0",
    })
    void parse_brokenSummary_isMalformed(String line) {
        assertInstanceOf(Malformed.class, OomLineParser.parse(line));
    }

    @Test
    void parse_tableHeaderThenRowsOfEachLayout_readColumnsByName() {
        String[][] cases = {
            {"[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
                "[   3864]     0  3864    22066    20359    19616      743         0   221184        0             0 python3"},
            {"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
                "[   1217]     0  1217   513086   426009  3620864        0             0 allocate"},
            {"[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name",
                "[  812]  1000   812   500000   480000     950       4        0             0 stress"},
            {"[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
                "[21945]  1000 21945   300000    49000     200        0             0 java"},
            {"[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name",
                "[ 2137]   679  2137  2754325  1788108   3       0             0 java"},
        };
        long[][] expected = {
            {3864, 20359, 221184, 0}, {1217, 426009, 3620864, 0}, {812, 480000, (950 + 4) * 4096, 0},
            {21945, 49000, 200 * 4096, 0}, {2137, 1788108, -1, 0},
        };
        for (int i = 0; i < cases.length; i++) {
            TableLayout layout = parsed(cases[i][0], OomLine.TaskTableHeader.class).layout();
            OomParseOutcome row = OomLineParser.parse(cases[i][1], Optional.of(layout));
            OomCandidate c = assertInstanceOf(OomLine.TaskTableRow.class, ((Parsed) row).line()).candidate();
            assertEquals(expected[i][0], c.pid(), cases[i][1]);
            assertEquals(expected[i][1], c.rssPages(), cases[i][1]);
            assertEquals(expected[i][2] < 0 ? OptionalLong.empty() : OptionalLong.of(expected[i][2]), c.pgtablesBytes());
        }
    }

    @Test
    void parse_rowWithSpacesAndLeadingDashInName_keepsTheRestOfTheLine() {
        TableLayout layout = new TableLayout(List.of("uid", "tgid", "total_vm", "rss", "pgtables_bytes", "swapents",
                "oom_score_adj", "name"));
        OomParseOutcome o = OomLineParser.parse("[  5200]  1000  5200   900000   200000  1048576        7           900 Web Content -1",
                Optional.of(layout));
        OomCandidate c = ((OomLine.TaskTableRow) ((Parsed) o).line()).candidate();
        assertEquals("Web Content -1", c.name());
        assertEquals(900, c.oomScoreAdj());
        assertEquals(7, c.swapEntries());
        assertEquals(OptionalLong.of(1000), c.uid());
    }

    @Test
    void parse_rowWithoutLayout_isMalformed() {
        assertInstanceOf(Malformed.class, OomLineParser.parse("[   3864]     0  3864    22066    20359 python3"));
    }

    @Test
    void parse_rowWithTooFewColumns_isMalformed() {
        TableLayout layout = new TableLayout(List.of("uid", "tgid", "total_vm", "rss", "pgtables_bytes", "swapents",
                "oom_score_adj", "name"));
        assertInstanceOf(Malformed.class, OomLineParser.parse("[  5200]  1000  5200   900000 Web Content", Optional.of(layout)));
    }

    @Test
    void parse_otherReportLines_readTheirFields() {
        assertEquals(new OomLine.TaskInMemcg("/1/2", "/1"),
                parsed("Task in /1/2 killed as a result of limit of /1", OomLine.TaskInMemcg.class));
        assertEquals("/A1", parsed("Tasks in /A1 are going to be killed due to memory.oom.group set",
                OomLine.GroupKillNotice.class).memcg());
        assertEquals(new OomLine.Reaped(9188, "a.out"), parsed(
                "oom_reaper: reaped process 9188 (a.out), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", OomLine.Reaped.class));
        OomLine.KillVerdict v = parsed("Memory cgroup out of memory: Kill process 18286 (java) score 933 or sacrifice child",
                OomLine.KillVerdict.class);
        assertEquals(18286, v.pid());
        assertEquals(933, v.score());
        assertTrue(v.cgroupOom());
        assertEquals("/docker/x", parsed("Memory cgroup stats for /docker/x: cache:188KB rss:1048388KB",
                OomLine.CgroupStatsHeader.class).memcg());
        assertEquals("/a b", parsed("Memory cgroup stats for /a b:", OomLine.CgroupStatsHeader.class).memcg());
        OomLine.CgroupCounter c = parsed("memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0",
                OomLine.CgroupCounter.class);
        assertEquals("memory+swap", c.usage().counter());
        assertEquals(9007199254740988L, c.usage().limitKb());
        parsed("Out of memory and no killable processes...", OomLine.NoKillableProcess.class);
        parsed("Kernel panic - not syncing: Out of memory and no killable processes...", OomLine.NoKillableProcess.class);
        assertEquals(2097152, parsed("2097152 pages RAM", OomLine.PagesRam.class).pages());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " dump_stack_lvl+0x57/0x80", "Call Trace:", "rss 66813952", "segv[3828]: segfault at 0 ip 0 sp 0 error 4",
        "systemd-journald[2319]: Received SIGTERM from PID 2388 (bash).", "CPU    0: hi:    0, btch:   1 usd:   0",
        "[UFW BLOCK] IN=eth0", "oom_reaper: unable to reap pid:12 (x)",
    })
    void parse_unrelatedLine_isIgnored(String line) {
        assertInstanceOf(Ignored.class, OomLineParser.parse(line));
    }
}
