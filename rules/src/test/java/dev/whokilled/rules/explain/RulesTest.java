package dev.whokilled.rules.explain;

import static dev.whokilled.rules.explain.Evidences.auditAbend;
import static dev.whokilled.rules.explain.Evidences.earlyoom;
import static dev.whokilled.rules.explain.Evidences.memcgKill;
import static dev.whokilled.rules.explain.Evidences.received;
import static dev.whokilled.rules.explain.Evidences.segfault;
import static dev.whokilled.rules.explain.Evidences.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.ServiceEventKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each rule with one incident it must explain and one near miss it must leave to others. */
class RulesTest {
    private static Optional<Finding> apply(Rule rule, Incident incident) {
        return rule.apply(incident);
    }

    @Test
    void oomKill_memcgReport_namesCgroupLimitTriggerAndChoice() {
        Finding f = apply(new OomKillRule(), Incident.of(memcgKill(10))).orElseThrow();
        assertEquals(Cause.OOM_KILL, f.cause());
        assertEquals(KillerKind.KERNEL, f.killer().kind());
        assertEquals(OptionalInt.of(9), f.exit().signal());
        assertEquals(OptionalInt.of(137), f.exit().status());
        assertEquals(OptionalInt.of(3864), f.subject().pid());
        assertTrue(f.summary().startsWith("python3 (pid 3864) was killed by the kernel OOM killer: its memory cgroup"
                + " /user.slice/user-0.slice/session-1.scope/ceo-oomtest2 hit its 100 MiB limit"), f.summary());
        assertTrue(f.summary().contains("came from python3 (pid 3906), not from the victim"), f.summary());
        assertTrue(f.summary().contains("largest"), f.summary());
    }

    @Test
    void oomKill_nearMiss_segfaultIsNotAnOomKill() {
        assertTrue(apply(new OomKillRule(), Incident.of(segfault(1, 42))).isEmpty());
    }

    @Test
    void crash_segfault_isCrashWithSigsegv() {
        Finding f = apply(new CrashRule(), Incident.of(segfault(5, 3828))).orElseThrow();
        assertEquals(Cause.CRASH, f.cause());
        assertEquals(OptionalInt.of(11), f.exit().signal());
        assertEquals(OptionalInt.of(139), f.exit().status());
        assertTrue(f.summary().contains("segv (pid 3828) crashed: read of unmapped address 0"), f.summary());
        assertTrue(f.summary().contains("SIGSEGV"), f.summary());
    }

    @Test
    void crash_nearMiss_auditAbortIsNotACrash() {
        assertTrue(apply(new CrashRule(), Incident.of(auditAbend(1, 77, 6))).isEmpty());
    }

    @Test
    void abort_auditAbendSig6_isAbortBySelf() {
        Finding f = apply(new AbortRule(), Incident.of(auditAbend(1, 77, 6))).orElseThrow();
        assertEquals(Cause.ABORT, f.cause());
        assertEquals(KillerKind.SELF, f.killer().kind());
        assertEquals(OptionalInt.of(134), f.exit().status());
    }

    @Test
    void abort_nearMiss_auditAbendSig11IsACrash() {
        assertTrue(apply(new AbortRule(), Incident.of(auditAbend(1, 77, 11))).isEmpty());
        assertEquals(Cause.CRASH, apply(new CrashRule(), Incident.of(auditAbend(1, 77, 11))).orElseThrow().cause());
    }

    @Test
    void userspaceOomKiller_earlyoom_namesKillerAndReason() {
        Finding f = apply(new UserspaceOomKillerRule(), Incident.of(earlyoom(3, 4242))).orElseThrow();
        assertEquals(Cause.USERSPACE_OOM_KILLER, f.cause());
        assertEquals(Optional.of("earlyoom"), f.killer().name());
        assertEquals(OptionalInt.of(500), f.killer().pid());
        assertEquals(OptionalInt.of(143), f.exit().status());
        assertTrue(f.summary().contains("firefox (pid 4242) was killed by earlyoom (pid 500)"), f.summary());
    }

    @Test
    void userspaceOomKiller_nearMiss_supervisorKillIsNot() {
        assertTrue(apply(new UserspaceOomKillerRule(), Incident.of(service(1, ServiceEventKind.KILLING_PROCESS,
                "app.service", OptionalInt.of(10), OptionalInt.of(9), Optional.empty()))).isEmpty());
    }

    @Test
    void stopTimeout_timeoutThenKilling_isTimeoutEscalation() {
        Incident i = new Incident(List.of(
                service(1, ServiceEventKind.STOP_TIMEOUT, "app.service", OptionalInt.empty(), OptionalInt.empty(),
                        Optional.of("stop-sigterm")),
                service(2, ServiceEventKind.KILLING_PROCESS, "app.service", OptionalInt.of(4242), OptionalInt.of(9),
                        Optional.empty())));
        Finding f = apply(new StopTimeoutRule(), i).orElseThrow();
        assertEquals(Cause.TIMEOUT_ESCALATION, f.cause());
        assertEquals(KillerKind.SUPERVISOR, f.killer().kind());
        assertEquals(OptionalInt.of(4242), f.subject().pid());
        assertEquals(Optional.of("app.service"), f.subject().unit());
        assertEquals(OptionalInt.of(9), f.exit().signal());
    }

    @Test
    void stopTimeout_nearMiss_killingWithoutTimeoutIsAPlainSupervisorKill() {
        Incident i = Incident.of(service(2, ServiceEventKind.KILLING_PROCESS, "app.service", OptionalInt.of(4242),
                OptionalInt.of(9), Optional.empty()));
        assertTrue(apply(new StopTimeoutRule(), i).isEmpty());
        assertEquals(Cause.SIGNAL, apply(new SupervisorKillRule(), i).orElseThrow().cause());
    }

    @Test
    void unitOomKilled_systemdOnly_isOomKillWithUnknownVictim() {
        Finding f = apply(new UnitOomKilledRule(), Incident.of(service(1, ServiceEventKind.UNIT_OOM_KILLED, "db.service",
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty()))).orElseThrow();
        assertEquals(Cause.OOM_KILL, f.cause());
        assertEquals(Optional.of("db.service"), f.subject().unit());
        assertTrue(f.subject().pid().isEmpty());
    }

    @Test
    void unitOomKilled_nearMiss_failedWithTimeoutIsNot() {
        assertTrue(apply(new UnitOomKilledRule(), Incident.of(service(1, ServiceEventKind.FAILED_RESULT, "db.service",
                OptionalInt.empty(), OptionalInt.empty(), Optional.of("timeout")))).isEmpty());
    }

    @Test
    void signalReceived_journaldAccount_namesSenderAsUserspaceClaim() {
        Finding f = apply(new SignalReceivedRule(), Incident.of(received(7))).orElseThrow();
        assertEquals(Cause.SIGNAL, f.cause());
        assertEquals(OptionalInt.of(2388), f.killer().pid());
        assertEquals(Optional.of("bash"), f.killer().name());
        assertEquals(OptionalInt.of(2319), f.subject().pid());
        assertTrue(f.notes().get(0).contains("not kernel evidence"));
    }

    @Test
    void signalReceived_nearMiss_mainProcessKilledIsNot() {
        assertTrue(apply(new SignalReceivedRule(), Incident.of(service(1, ServiceEventKind.MAIN_PROCESS_KILLED,
                "app.service", OptionalInt.empty(), OptionalInt.of(9), Optional.empty()))).isEmpty());
    }

    @Test
    void serviceKilled_mainProcessKilledAlone_isHonestUnknown() {
        Finding f = apply(new ServiceKilledRule(), Incident.of(service(1, ServiceEventKind.MAIN_PROCESS_KILLED,
                "app.service", OptionalInt.empty(), OptionalInt.of(9), Optional.empty()))).orElseThrow();
        assertEquals(Cause.UNKNOWN, f.cause());
        assertEquals(KillerKind.UNKNOWN, f.killer().kind());
        assertEquals(OptionalInt.of(137), f.exit().status());
        assertTrue(f.summary().contains("nothing in this log names the sender"), f.summary());
    }

    @Test
    void serviceKilled_nearMiss_stopTimeoutAloneIsNot() {
        assertTrue(apply(new ServiceKilledRule(), Incident.of(service(1, ServiceEventKind.STOP_TIMEOUT, "app.service",
                OptionalInt.empty(), OptionalInt.empty(), Optional.of("stop-sigterm")))).isEmpty());
    }

    @Test
    void rulesDefault_oomKillAndSystemdAccount_kernelVerdictWins() {
        Incident i = new Incident(List.of(memcgKill(10), service(11, ServiceEventKind.MAIN_PROCESS_KILLED, "session-1.scope",
                OptionalInt.empty(), OptionalInt.of(9), Optional.empty())));
        Explanation e = new Explainer(Rules.DEFAULT, Optional.empty()).explain(i);
        Termination t = (Termination) e;
        assertEquals(Cause.OOM_KILL, t.cause());
        assertEquals("oom-kill", t.ruleId());
        assertEquals(3, t.evidence().size());
        assertEquals(EvidenceTrust.KERNEL, t.trust());
    }
}
