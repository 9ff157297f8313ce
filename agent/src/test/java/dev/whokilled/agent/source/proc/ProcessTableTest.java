package dev.whokilled.agent.source.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.redact.CommandLineRedactor;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {
    @TempDir
    Path dir;
    FakeProc proc;
    ProcessTable table;

    @BeforeEach
    void setUp() {
        proc = new FakeProc(dir);
        table = new ProcessTable(new ProcSnapshotter(dir, 4096, CommandLineRedactor::redact), 100);
    }

    private static Optional<String> comm(Optional<ProcessIdentity> identity) {
        return identity.flatMap(ProcessIdentity::comm);
    }

    @Test
    void load_everyNumericDirectory_readOthersIgnored() throws Exception {
        proc.process(1, "init", 0, 5, "/sbin/init").process(42, "a) (b", 1, 90, "x y");
        Files.createDirectories(dir.resolve("self"));
        Files.createDirectories(dir.resolve("sys"));

        assertEquals(2, table.load());
        assertEquals(new ProcessIdentity(42, OptionalLong.of(90), OptionalInt.of(1), Optional.of("a) (b"),
                Optional.of("x y"), OptionalLong.of(1000), Optional.of("/user.slice")), table.lookup(42).orElseThrow());
    }

    @Test
    void load_missingRoot_saysSo() {
        ProcessTable nowhere = new ProcessTable(new ProcSnapshotter(dir.resolve("absent"), 4096, CommandLineRedactor::redact), 10);

        UncheckedIOException e = assertThrows(UncheckedIOException.class, nowhere::load);
        assertEquals("cannot list " + dir.resolve("absent") + "; no initial process identities", e.getMessage());
    }

    @Test
    void forked_processAlreadyGone_nothingAddedNoError() {
        table.forked(77);

        assertEquals(Optional.empty(), table.lookup(77));
    }

    @Test
    void lookup_aThreadStartedSinceTheAgent_isItsProcess_untilTheThreadEnds() {
        proc.process(500, "java", 1, 100, "java -jar app.jar");
        table.forked(500);
        table.threadStarted(512, 500);

        assertEquals(table.lookup(500), table.lookup(512));
        assertEquals(Optional.of("java"), comm(table.lookup(512)));
        table.threadEnded(512);
        assertEquals(Optional.empty(), table.lookup(512));
    }

    @Test
    void forked_aProcessTakingAThreadsIdWhoseEndWasMissed_isNotTheThreadsProcessOnceGone() {
        proc.process(500, "java", 1, 100, "java -jar app.jar").process(512, "sh", 500, 200, "sh -c kill 9");
        table.forked(500);
        table.threadStarted(512, 500);
        table.forked(512); // the thread's end was not seen (events lost); its id now names a process

        assertEquals(Optional.of("sh"), comm(table.lookup(512)));
        table.exited(512, false);
        assertEquals(Optional.empty(), table.lookup(512));
    }

    @Test
    void executed_rereadsCommandLine() {
        proc.process(10, "bash", 1, 100, "bash");
        table.forked(10);
        proc.process(10, "sleep", 1, 100, "sleep 30");

        table.executed(10);

        assertEquals(Optional.of("sleep 30"), table.lookup(10).flatMap(ProcessIdentity::cmdline));
    }

    @Test
    void executed_goneBeforeRead_oldProgramNamesDropped() {
        proc.process(10, "bash", 1, 100, "bash");
        table.forked(10);
        proc.gone(10);

        table.executed(10);

        ProcessIdentity identity = table.lookup(10).orElseThrow();
        assertEquals(Optional.empty(), identity.comm());
        assertEquals(Optional.empty(), identity.cmdline());
        assertEquals(OptionalLong.of(100), identity.startTime());
    }

    @Test
    void renamed_goneBeforeRead_takesEventsComm() {
        proc.process(10, "java", 1, 100, "java -jar x");
        table.forked(10);
        proc.gone(10);

        table.renamed(10, "worker-1");

        assertEquals(Optional.of("worker-1"), comm(table.lookup(10)));
    }

    @Test
    void exited_bySignal_listsLiveChildrenWithNewParent() {
        proc.process(10, "sh", 1, 100, "sh -c x").process(11, "sleep", 10, 101, "sleep 30")
                .process(12, "gone", 10, 102, "gone").process(13, "other", 1, 103, "other");
        table.load();
        proc.gone(10).gone(12).process(11, "sleep", 1, 101, "sleep 30");

        ProcessTable.Departure departure = table.exited(10, true);

        assertEquals(Optional.of("sh"), comm(departure.identity()));
        assertEquals(List.of(11), departure.orphans().stream().map(ProcessIdentity::pid).toList());
        assertEquals(OptionalInt.of(1), departure.orphans().get(0).ppid());
        assertEquals(Optional.empty(), table.lookup(10));
        assertEquals(OptionalInt.of(1), table.lookup(11).orElseThrow().ppid());
    }

    @Test
    void exited_childPidReusedSinceRead_notAnOrphan() {
        proc.process(10, "sh", 1, 100, "sh").process(11, "sleep", 10, 101, "sleep 30");
        table.load();
        proc.gone(10).process(11, "new", 1, 500, "new");

        assertEquals(List.of(), table.exited(10, true).orphans());
    }

    @Test
    void exited_childOfEarlierProcessWithSamePid_notAnOrphan() {
        proc.process(11, "old-child", 10, 50, "c").process(10, "sh", 1, 100, "sh");
        table.load();
        proc.gone(10);

        assertEquals(List.of(), table.exited(10, true).orphans());
    }

    @Test
    void exited_normally_noOrphanSearch() {
        proc.process(10, "sh", 1, 100, "sh").process(11, "sleep", 10, 101, "sleep 30");
        table.load();

        assertEquals(List.of(), table.exited(10, false).orphans());
    }

    @Test
    void exited_unknownPid_emptyIdentity() {
        assertEquals(new ProcessTable.Departure(Optional.empty(), List.of()), table.exited(99, true));
    }

    @Test
    void capacity_full_oldestInsertedGoesFirst() {
        ProcessTable small = new ProcessTable(new ProcSnapshotter(dir, 4096, CommandLineRedactor::redact), 2);
        proc.process(1, "a", 0, 1, "a").process(2, "b", 1, 2, "b").process(3, "c", 1, 3, "c");
        small.forked(1);
        small.forked(2);
        small.executed(1);
        small.forked(3);

        assertEquals(2, small.size());
        assertEquals(Optional.empty(), small.lookup(2));
        assertEquals(Optional.of("a"), comm(small.lookup(1)));
    }

    @Test
    void snapshotter_cmdlineOverLimit_truncatedAndMarked() {
        proc.process(5, "x", 1, 1, "abcdefghij");

        Optional<ProcessIdentity> identity = new ProcSnapshotter(dir, 4, CommandLineRedactor::redact).snapshot(5);

        assertEquals(Optional.of("abcd [...]"), identity.flatMap(ProcessIdentity::cmdline));
    }

    @Test
    void constructor_nonPositiveCapacity_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessTable(new ProcSnapshotter(dir, 4096, CommandLineRedactor::redact), 0));
    }

    @Test
    void snapshotter_cmdlineWithSecrets_filteredBeforeAnyoneHoldsIt() {
        proc.process(6, "mysql", 1, 1, "mysql --password=hunter2 TOKEN=abc db");

        Optional<ProcessIdentity> identity = new ProcSnapshotter(dir, 4096, CommandLineRedactor::redact).snapshot(6);

        assertEquals(Optional.of("mysql --password=*** TOKEN=*** db"), identity.flatMap(ProcessIdentity::cmdline));
    }

    @Test
    void snapshotter_identityFilter_keepsCmdlineVerbatim() {
        proc.process(6, "mysql", 1, 1, "mysql --password=hunter2");

        Optional<ProcessIdentity> identity = new ProcSnapshotter(dir, 4096, s -> s).snapshot(6);

        assertEquals(Optional.of("mysql --password=hunter2"), identity.flatMap(ProcessIdentity::cmdline));
    }
}
