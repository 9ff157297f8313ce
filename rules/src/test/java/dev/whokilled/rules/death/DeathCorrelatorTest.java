package dev.whokilled.rules.death;

import static dev.whokilled.rules.death.Facts.SIGKILL;
import static dev.whokilled.rules.death.Facts.SIGTERM;
import static dev.whokilled.rules.death.Facts.child;
import static dev.whokilled.rules.death.Facts.exit;
import static dev.whokilled.rules.death.Facts.exited;
import static dev.whokilled.rules.death.Facts.forgedOomKill;
import static dev.whokilled.rules.death.Facts.gap;
import static dev.whokilled.rules.death.Facts.kill;
import static dev.whokilled.rules.death.Facts.killed;
import static dev.whokilled.rules.death.Facts.ns;
import static dev.whokilled.rules.death.Facts.oomKill;
import static dev.whokilled.rules.death.Facts.oomSignal;
import static dev.whokilled.rules.death.Facts.process;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.ExitInfo;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.TimeBasis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DeathCorrelatorTest {
    private static final ProcessIdentity SLEEP = process(4242, 7000, "sleep", "sleep 600", 1000);
    private static final ProcessIdentity SH = process(900, 100, "sh", "sh -c kill -TERM 4242; sleep 2; kill -KILL 4242", 1000);
    private static final ProcessIdentity BASH = process(900, 100, "bash", "bash -c kill -9 4242", 1000);

    private final DeathCorrelator correlator = new DeathCorrelator(CorrelationSettings.defaults());
    private final List<Death> out = new ArrayList<>();

    private void feed(Object... inputs) {
        for (Object in : inputs) {
            if (in instanceof Fact f) {
                out.addAll(correlator.accept(f));
            } else {
                out.addAll(correlator.accept((dev.whokilled.rules.evidence.Evidence) in));
            }
        }
    }

    private Death only() {
        out.addAll(correlator.finish());
        assertEquals(1, out.size(), () -> out.toString());
        return out.get(0);
    }

    @Test
    void accept_realEscalationRun_isTimeoutEscalationWithTwoSecondsMeasured() {
        feed(kill(SH, 4242, SIGTERM, 100.0), kill(SH, 4242, SIGKILL, 102.0), killed(SLEEP, SIGKILL, 102.001));
        Death d = only();
        Termination t = d.termination();
        assertEquals(Cause.TIMEOUT_ESCALATION, t.cause());
        assertEquals("live-timeout-escalation", t.ruleId());
        assertEquals(OptionalInt.of(900), t.killer().pid());
        assertEquals(Optional.of("sh -c kill -TERM 4242; sleep 2; kill -KILL 4242"), t.killer().cmdline());
        assertTrue(t.summary().startsWith("sleep (pid 4242) was killed by SIGKILL from sh (pid 900, `sh -c kill -TERM"
                + " 4242; sleep 2; kill -KILL 4242`), user 1000, 2.0 s after a SIGTERM it did not act on"), t.summary());
        assertEquals(new ExitInfo(OptionalInt.of(137), OptionalInt.empty(), OptionalInt.of(9), Optional.of(false), true),
                t.exit());
        assertEquals(TimeBasis.RECEIVED, t.when().wallTime().orElseThrow().basis());
        assertEquals(Optional.of(Facts.BOOT), t.when().bootId());
        assertEquals(3, d.facts().size());
        assertTrue(d.exit().isPresent());
    }

    @Test
    void accept_killMinus9_isSignalWithSenderAndSubjectIdentity() {
        feed(kill(BASH, 4242, SIGKILL, 10.0), killed(SLEEP, SIGKILL, 10.001));
        Termination t = only().termination();
        assertEquals(Cause.SIGNAL, t.cause());
        assertEquals(KillerKind.PROCESS, t.killer().kind());
        assertEquals("sleep (pid 4242) was killed by kill -9 (SIGKILL) from bash (pid 900, `bash -c kill -9 4242`),"
                + " user 1000.", t.summary());
        assertEquals(Optional.of("sleep 600"), t.subject().cmdline());
        assertEquals(Optional.of("session-2.scope"), t.subject().unit());
    }

    @Test
    void accept_settledExit_isEmittedOnlyAfterTheSettleTime() {
        feed(kill(BASH, 4242, SIGKILL, 10.0), killed(SLEEP, SIGKILL, 10.001));
        assertTrue(out.isEmpty());
        out.addAll(correlator.tick(ns(11.0)));
        assertTrue(out.isEmpty());
        out.addAll(correlator.tick(ns(12.01)));
        assertEquals(1, out.size());
    }

    @Test
    void accept_pidReused_signalToFirstProcessDoesNotExplainTheSecond() {
        ProcessIdentity first = process(4242, 7000, "sleep", "sleep 1", 1000);
        ProcessIdentity second = process(4242, 9000, "worker", "worker", 1000);
        feed(kill(BASH, 4242, SIGTERM, 10.0), exited(first, 0, 10.5), killed(second, SIGTERM, 11.0));
        Termination t = only().termination();
        assertEquals(Optional.of("worker"), t.subject().comm());
        assertEquals(Cause.UNKNOWN, t.cause());
        assertTrue(t.summary().contains("no signal_generate event"), t.summary());
    }

    @Test
    void accept_signalArrivingAfterTheExitItPrecedes_isNotGivenToTheNextProcessWithThatPid() {
        ProcessIdentity first = process(4242, 7000, "sleep", "sleep 1", 1000);
        ProcessIdentity second = process(4242, 9000, "worker", "worker", 1000);
        // The trace reader lags: the signal sent at 10.0 arrives after the first process's normal exit.
        feed(exited(first, 0, 10.5), kill(BASH, 4242, SIGKILL, 10.0), killed(second, SIGKILL, 11.0));
        Termination t = only().termination();
        assertEquals(Cause.UNKNOWN, t.cause());
        assertEquals(1, correlator.stats().lateFacts());
    }

    @Test
    void accept_signalOlderThanTheWindow_isNotJoined() {
        feed(kill(BASH, 4242, SIGKILL, 10.0), killed(SLEEP, SIGKILL, 30.0));
        assertEquals(Cause.UNKNOWN, only().termination().cause());
        assertEquals(1, correlator.stats().expiredSignals());
    }

    @Test
    void accept_signalNotFollowedByADeath_isDroppedAfterTheWindow() {
        feed(kill(BASH, 4242, SIGKILL, 10.0));
        out.addAll(correlator.tick(ns(25.0)));
        assertEquals(0, correlator.stats().pendingSignals());
        assertEquals(1, correlator.stats().expiredSignals());
        assertTrue(out.isEmpty());
    }

    @Test
    void accept_groupKill_explainsEachTargetByItsOwnEvent() {
        ProcessIdentity a = process(4250, 7000, "worker", "worker", 1000);
        ProcessIdentity b = process(4251, 7001, "worker", "worker", 1000);
        feed(kill(BASH, 4250, SIGTERM, 10.0), kill(BASH, 4251, SIGTERM, 10.0), killed(a, SIGTERM, 10.001),
                killed(b, SIGTERM, 10.002));
        out.addAll(correlator.finish());
        assertEquals(2, out.size());
        assertTrue(out.stream().allMatch(d -> d.termination().cause() == Cause.SIGNAL));
    }

    @Test
    void accept_oomReportArrivingAfterTheExit_stillJoins() {
        feed(oomSignal(4300, 4242, 10.0), killed(SLEEP, SIGKILL, 10.002), oomKill(4242, "sleep", 10.0005));
        Termination t = only().termination();
        assertEquals(Cause.OOM_KILL, t.cause());
        assertTrue(t.oom().isPresent());
        assertEquals(1, t.evidence().size());
    }

    @Test
    void accept_oomVictimKilledBeforeTheAgentReadItsNewName_takesTheKernelsName() {
        // sh 4242 exec'ed tail and was OOM-killed at once: the agent's identity still says sh
        ProcessIdentity stale = process(4242, 8000, "sh", "sh -c exec tail /dev/zero", 0);
        feed(oomSignal(4300, 4242, 10.0), killed(stale, SIGKILL, 10.002), oomKill(4242, "tail", 10.0005));
        assertEquals(Optional.of("tail"), only().termination().subject().comm());
    }

    @Test
    void accept_forgedOomLine_isIgnored() {
        feed(forgedOomKill(4242, 10.0), kill(BASH, 4242, SIGKILL, 10.0), killed(SLEEP, SIGKILL, 10.001));
        assertEquals(Cause.SIGNAL, only().termination().cause());
        assertEquals(1, correlator.stats().ignoredEvidence());
    }

    @Test
    void accept_parentKilledWithChildrenRunning_notesTheOrphans() {
        feed(kill(BASH, 4242, SIGKILL, 10.0), exit(SLEEP, SIGKILL, 10.001,
                List.of(child(4250, "worker", 1), child(4251, "worker", 1))));
        assertTrue(only().termination().summary().endsWith(" Its children 4250 (worker), 4251 (worker) were left"
                + " running, reparented to init (pid 1)."));
    }

    @Test
    void accept_unknownSenderDuringATraceGap_citesTheGap() {
        feed(gap("tracefs", 9.0, 10.5, "overrun"), killed(SLEEP, SIGKILL, 10.0));
        Death d = only();
        assertEquals(Cause.UNKNOWN, d.termination().cause());
        assertTrue(d.termination().summary().contains("the tracefs source had a gap"), d.termination().summary());
        assertEquals(2, d.facts().size());
    }

    @Test
    void accept_oomReportWithoutExit_isExplainedAndSaysTheAgentWasDown() {
        feed(gap("agent", 5.0, 50.0, "not running"), oomKill(4242, "sleep", 10.0), killed(process(77, 1, "x", "x", 0),
                SIGKILL, 60.0));
        out.addAll(correlator.finish());
        Death oom = out.stream().filter(d -> d.termination().cause() == Cause.OOM_KILL).findFirst().orElseThrow();
        assertFalse(oom.exit().isPresent());
        assertTrue(oom.termination().summary().contains("The agent did not see it exit: the agent was down"),
                oom.termination().summary());
    }

    @Test
    void accept_normalExits_areReportedOnlyWhenSelectedAndNonZero() {
        DeathCorrelator selective = new DeathCorrelator(CorrelationSettings.defaults()
                .reportingExits(e -> e.identity().flatMap(ProcessIdentity::comm).equals(Optional.of("sleep"))));
        List<Death> got = new ArrayList<>();
        got.addAll(selective.accept(exited(SLEEP, 0, 10.0)));
        got.addAll(selective.accept(exited(process(4300, 1, "sh", "sh", 0), 1, 10.1)));
        got.addAll(selective.accept(exited(process(4242, 8000, "sleep", "sleep", 0), 2, 10.2)));
        got.addAll(selective.finish());
        assertEquals(1, got.size());
        assertEquals(Cause.EXIT, got.get(0).termination().cause());
        assertEquals(OptionalInt.of(2), got.get(0).termination().exit().code());
    }

    @Test
    void accept_newBoot_flushesWhatTheOldBootHeld() {
        feed(kill(BASH, 4242, SIGKILL, 10.0), killed(SLEEP, SIGKILL, 10.001));
        SignalSent early = kill(BASH, 4242, SIGKILL, 1.0);
        feed(early, new dev.whokilled.rules.live.ProcessExit(4242, SIGKILL, ns(1.001), Facts.wall(1.001), "other-boot",
                OptionalInt.empty(), Optional.of(SLEEP), List.of()));
        out.addAll(correlator.finish());
        assertEquals(2, out.size());
        assertEquals(Cause.SIGNAL, out.get(0).termination().cause());
    }

    @Test
    void settings_invalidWindow_isRejectedWithTheValue() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CorrelationSettings.defaults().withMaxPending(0));
        assertEquals("maxPending must be positive: 0", e.getMessage());
    }
    @Test
    void accept_segfaultInAWorkerThread_joinsTheFaultSignalAndTheLineNamingTheThread() {
        feed(Facts.self(4242, 4250, Facts.SIGSEGV, 1, 10.0), Facts.segfault(4250, 10.0),
                killed(SLEEP, Facts.SIGSEGV | 0x80, 10.002));
        Death d = only();
        assertEquals(Cause.CRASH, d.termination().cause());
        assertEquals(1, d.termination().evidence().size());
        assertEquals(OptionalInt.of(139), d.termination().exit().status());
        assertEquals(Optional.of(true), d.termination().exit().coreDumped());
    }

    @Test
    void accept_stopTimeoutOfTheVictimsUnit_joinsByUnit() {
        ProcessIdentity daemon = new ProcessIdentity(4242, java.util.OptionalLong.of(7000), OptionalInt.of(1),
                Optional.of("app"), Optional.of("/usr/bin/app"), java.util.OptionalLong.of(0),
                Optional.of("/system.slice/app.service"));
        feed(Facts.stopTimeout("app.service", 100.0), killed(daemon, SIGKILL, 100.001));
        Termination t = only().termination();
        assertEquals(Cause.TIMEOUT_ESCALATION, t.cause());
        assertEquals("live-stop-timeout", t.ruleId());
    }
}
