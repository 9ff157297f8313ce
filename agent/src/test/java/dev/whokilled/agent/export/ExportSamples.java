package dev.whokilled.agent.export;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.metrics.AgentMetrics;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.reader.KmsgRecords;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Stamp;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Terminations as the agent exports them, made the agent's way: store entries through a
 * {@link TerminationFeed}. A kill with a known sender, a memcg OOM kill (the kernel's lines from the
 * 6.18 capture in rules' fixtures), a normal exit, a death by signal with nothing known, and a name
 * a JSON writer must escape.
 */
final class ExportSamples {
    static final Instant T0 = Instant.parse("2026-11-22T18:00:00Z");
    static final String BOOT = "6f1c7a2e-1b2d-4c5e-9f00-0123456789ab";

    /** Counters of their own for one test's feed: nothing reads them back but the test itself. */
    static AgentMetrics metrics() {
        return new AgentMetrics(OptionalLong::empty, OptionalLong::empty);
    }
    private static final long SECOND = 1_000_000_000L;

    /** The memcg OOM report of pid 2137 (kernel-6.18-memcg-v1/kmsg.txt), the lines the parsers use. */
    private static final String OOM_REPORT = """
            4,337,83666595,-;python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
            4,338,83666635,-;CPU: 1 UID: 0 PID: 2137 Comm: python3 Not tainted 6.18.44-fc-v595 #1 PREEMPT(none)\s
            6,365,83671330,-;memory: usage 65536kB, limit 65536kB, failcnt 911
            6,366,83671335,-;memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0
            6,367,83671337,-;kmem: usage 248kB, limit 9007199254740988kB, failcnt 0
            6,368,83671339,-;Memory cgroup stats for /user.slice/user-0.slice/session-1.scope/ceo-oomtest:
            6,411,83671549,-;Tasks state (memory values in pages):
            6,412,83671551,-;[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name
            6,413,83671555,-;[   2137]     0  2137    19507    17877    16288     1589         0   192512        0             0 python3
            6,414,83671561,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/user.slice/user-0.slice/session-1.scope/ceo-oomtest,task_memcg=/user.slice/user-0.slice/session-1.scope/ceo-oomtest,task=python3,pid=2137,uid=0
            3,415,83671648,-;Memory cgroup out of memory: Killed process 2137 (python3) total-vm:78028kB, anon-rss:65152kB, file-rss:6356kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:0
            """;

    private ExportSamples() {
    }

    /** One of each kind, in the order the feed publishes them. */
    static List<ExportedTermination> all() {
        List<ExportedTermination> got = new ArrayList<>();
        // normal exits reported, as for a process named in exits.store
        TerminationFeed feed = new TerminationFeed(List.of(new Collecting(got)),
                new AgentLog(new PrintWriter(new StringWriter())), metrics());
        // kill -9 from bash
        ProcessIdentity bash = identity(900, "bash", "bash -c kill -9 4242", 1000);
        feed.stored(StoreEntry.of(new SignalSent(9, 0, 4242, Optional.of("sleep"), true, 0, 900, OptionalInt.of(900),
                Optional.of("bash"), 10 * SECOND, T0, Optional.of(bash))));
        feed.stored(exit(4242, 9, 10 * SECOND + 1_000, T0, identity(4242, "sleep", "sleep 600", 1000)));
        // the memcg OOM kill of pid 2137, then its exit
        Instant oomAt = T0.plusSeconds(5);
        for (String line : OOM_REPORT.strip().split("\n")) {
            KernelRecord r = KmsgRecords.parse(line).orElseThrow(() -> new IllegalStateException(line));
            KernelRecord stamped = new KernelRecord(r.format(), r.lineNumber(), new Stamp(r.stamp().sequence(),
                    r.stamp().monotonicMicros(), Optional.of(new WallTime(oomAt, TimeBasis.RECEIVED)), Optional.of(BOOT)),
                    r.provenance(), r.message(), r.context());
            feed.stored(StoreEntry.of(stamped, oomAt));
        }
        feed.stored(exit(2137, 9, 83_671_700_000L, oomAt, identity(2137, "python3", "python3 hog.py", 0)));
        // a normal exit with code 3, and a name with a quote, a backslash and non-ASCII letters
        feed.stored(exit(5000, 3 << 8, 90 * SECOND, T0.plusSeconds(10),
                identity(5000, "w\u00f6rker \"q\"\\", "w\u00f6rker --\u00e9t\u00e9 \"x\"", 1000)));
        // SIGTERM from no one the agent saw, nothing known of the process
        feed.stored(StoreEntry.of(new ProcessExit(5001, 15, 91 * SECOND, T0.plusSeconds(11), BOOT, OptionalInt.empty(),
                Optional.empty(), List.of())));
        feed.close();
        return got;
    }

    private static ProcessIdentity identity(int pid, String comm, String cmdline, long uid) {
        return new ProcessIdentity(pid, OptionalLong.of(100), OptionalInt.of(1), Optional.of(comm), Optional.of(cmdline),
                OptionalLong.of(uid), Optional.of("/system.slice/app.service"));
    }

    private static StoreEntry exit(int pid, int waitStatus, long monoNanos, Instant at, ProcessIdentity identity) {
        return StoreEntry.of(new ProcessExit(pid, waitStatus, monoNanos, at, BOOT, OptionalInt.of(1), Optional.of(identity),
                List.of()));
    }

    private record Collecting(List<ExportedTermination> got) implements TerminationSink {
        @Override
        public String name() {
            return "collecting";
        }

        @Override
        public String label() {
            return "collecting";
        }

        @Override
        public void accept(ExportedTermination termination) {
            got.add(termination);
        }

        @Override
        public void close() {
        }
    }
}
