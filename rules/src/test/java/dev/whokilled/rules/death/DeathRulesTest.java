package dev.whokilled.rules.death;

import static dev.whokilled.rules.death.Facts.SIGABRT;
import static dev.whokilled.rules.death.Facts.SIGKILL;
import static dev.whokilled.rules.death.Facts.SIGSEGV;
import static dev.whokilled.rules.death.Facts.SIGTERM;
import static dev.whokilled.rules.death.Facts.auditAbend;
import static dev.whokilled.rules.death.Facts.earlyoom;
import static dev.whokilled.rules.death.Facts.exited;
import static dev.whokilled.rules.death.Facts.kill;
import static dev.whokilled.rules.death.Facts.killed;
import static dev.whokilled.rules.death.Facts.oomKill;
import static dev.whokilled.rules.death.Facts.oomSignal;
import static dev.whokilled.rules.death.Facts.process;
import static dev.whokilled.rules.death.Facts.segfault;
import static dev.whokilled.rules.death.Facts.self;
import static dev.whokilled.rules.death.Facts.sent;
import static dev.whokilled.rules.death.Facts.stopTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each death rule on one case it must explain and one near miss it must leave to a later rule. */
class DeathRulesTest {
    private static final ProcessIdentity VICTIM = process(4242, 7000, "sleep", "sleep 600", 1000);
    private static final ProcessIdentity BASH = process(900, 100, "bash", "bash -c kill -9 4242", 1000);
    private static final ProcessIdentity SH = process(900, 100, "sh", "sh supervise.sh", 1000);
    private static final ProcessIdentity EARLYOOM = process(500, 50, "earlyoom", "earlyoom -r 60", 0);

    private static DeathCase death(ProcessExit exit, List<SignalSent> signals, List<Evidence> evidence) {
        return new DeathCase(exit, signals, evidence, List.of());
    }

    @Test
    void oomKill_kernelReportAndSigkill_isOomKillByKernelWithReport() {
        DeathCase c = death(killed(VICTIM, SIGKILL, 10.001), List.of(oomSignal(4300, 4242, 10.0)),
                List.of(oomKill(4242, "sleep", 10.0)));
        Verdict v = new OomKillDeathRule().apply(c).orElseThrow();
        assertEquals(Cause.OOM_KILL, v.cause());
        assertEquals(KillerKind.KERNEL, v.killer().kind());
        assertTrue(v.oom().isPresent());
        assertTrue(v.summary().startsWith("sleep (pid 4242) was killed by the kernel OOM killer"), v.summary());
    }

    @Test
    void oomKill_siKernelSigkillWithoutReport_isOomKillAndSaysTheReportIsMissing() {
        Verdict v = new OomKillDeathRule().apply(death(killed(VICTIM, SIGKILL, 10.001),
                List.of(oomSignal(4300, 4242, 10.0)), List.of())).orElseThrow();
        assertEquals(Cause.OOM_KILL, v.cause());
        assertTrue(v.summary().contains("report was not in the kernel log"), v.summary());
    }

    @Test
    void oomKill_userSigkillWithoutReport_doesNotApply() {
        assertEquals(Optional.empty(), new OomKillDeathRule().apply(death(killed(VICTIM, SIGKILL, 10.001),
                List.of(kill(BASH, 4242, SIGKILL, 10.0)), List.of())));
    }

    @Test
    void userspaceOomKiller_logLineAndItsSignal_namesTheKillerWithItsIdentity() {
        Verdict v = new UserspaceOomKillerDeathRule().apply(death(killed(VICTIM, SIGTERM, 10.001),
                List.of(kill(EARLYOOM, 4242, SIGTERM, 10.0)), List.of(earlyoom(500, 4242, SIGTERM, 10.0)))).orElseThrow();
        assertEquals(Cause.USERSPACE_OOM_KILLER, v.cause());
        assertEquals(KillerKind.USERSPACE_OOM_KILLER, v.killer().kind());
        assertEquals(Optional.of("earlyoom -r 60"), v.killer().cmdline());
        assertTrue(v.summary().startsWith("sleep (pid 4242) was killed by earlyoom (pid 500, `earlyoom -r 60`), user 0,"
                + " a userspace OOM killer, with SIGTERM: mem avail"), v.summary());
    }

    @Test
    void userspaceOomKiller_logLineAboutAnotherPid_doesNotApply() {
        assertEquals(Optional.empty(), new UserspaceOomKillerDeathRule().apply(death(killed(VICTIM, SIGTERM, 10.001),
                List.of(kill(BASH, 4242, SIGTERM, 10.0)), List.of(earlyoom(500, 4243, SIGTERM, 10.0)))));
    }

    @Test
    void timeoutEscalation_termThenKillFromSameSender_measuresTheGracePeriod() {
        Verdict v = new TimeoutEscalationRule().apply(death(killed(VICTIM, SIGKILL, 12.001),
                List.of(kill(SH, 4242, SIGTERM, 10.0), kill(SH, 4242, SIGKILL, 12.0)), List.of())).orElseThrow();
        assertEquals(Cause.TIMEOUT_ESCALATION, v.cause());
        assertEquals(KillerKind.PROCESS, v.killer().kind());
        assertTrue(v.summary().contains("2.0 s after a SIGTERM it did not act on"), v.summary());
        assertEquals(2, v.facts().size());
    }

    @Test
    void timeoutEscalation_termAndKillFromDifferentSenders_doesNotApply() {
        assertEquals(Optional.empty(), new TimeoutEscalationRule().apply(death(killed(VICTIM, SIGKILL, 12.001),
                List.of(kill(SH, 4242, SIGTERM, 10.0), kill(process(901, 1, "bash", "bash", 0), 4242, SIGKILL, 12.0)),
                List.of())));
    }

    @Test
    void stopTimeout_systemdMessageAndSigkill_isTimeoutEscalationBySupervisor() {
        ProcessIdentity systemd = process(1, 1, "systemd", "/sbin/init", 0);
        Verdict v = new StopTimeoutDeathRule().apply(death(killed(VICTIM, SIGKILL, 100.001),
                List.of(kill(systemd, 4242, SIGKILL, 100.0)), List.of(stopTimeout("app.service", 100.0)))).orElseThrow();
        assertEquals(Cause.TIMEOUT_ESCALATION, v.cause());
        assertEquals(KillerKind.SUPERVISOR, v.killer().kind());
        assertTrue(v.summary().contains("app.service did not stop in time"), v.summary());
    }

    @Test
    void stopTimeout_diedBySigterm_doesNotApply() {
        assertEquals(Optional.empty(), new StopTimeoutDeathRule().apply(death(killed(VICTIM, SIGTERM, 100.001),
                List.of(), List.of(stopTimeout("app.service", 100.0)))));
    }

    @Test
    void crash_faultCodeFromOwnWorkerThread_isCrashByKernel() {
        Verdict v = new CrashDeathRule().apply(death(killed(VICTIM, SIGSEGV | 0x80, 10.001),
                List.of(self(4242, 4250, SIGSEGV, 1, 10.0)), List.of())).orElseThrow();
        assertEquals(Cause.CRASH, v.cause());
        assertEquals(KillerKind.KERNEL, v.killer().kind());
        assertTrue(v.summary().contains("SEGV_MAPERR") && v.summary().contains("A core was dumped"), v.summary());
    }

    @Test
    void crash_segfaultLineOnly_usesTheKernelsAccount() {
        Verdict v = new CrashDeathRule().apply(death(killed(VICTIM, SIGSEGV, 10.001), List.of(),
                List.of(segfault(4242, 10.0)))).orElseThrow();
        assertTrue(v.summary().contains("NULL pointer"), v.summary());
    }

    @Test
    void crash_sigsegvSentWithKill_doesNotApply() {
        assertEquals(Optional.empty(), new CrashDeathRule().apply(death(killed(VICTIM, SIGSEGV, 10.001),
                List.of(kill(BASH, 4242, SIGSEGV, 10.0)), List.of())));
    }

    @Test
    void abort_raisedByItself_isAbortBySelf() {
        Verdict v = new AbortDeathRule().apply(death(killed(VICTIM, SIGABRT, 10.001),
                List.of(self(4242, 4242, SIGABRT, SiCodes.SI_TKILL, 10.0)), List.of())).orElseThrow();
        assertEquals(Cause.ABORT, v.cause());
        assertEquals(KillerKind.SELF, v.killer().kind());
    }

    @Test
    void abort_auditRecordWithoutTrace_isAbort() {
        assertEquals(Cause.ABORT, new AbortDeathRule().apply(death(killed(VICTIM, SIGABRT, 10.001), List.of(),
                List.of(auditAbend(4242, SIGABRT, 10.0)))).orElseThrow().cause());
    }

    @Test
    void abort_sigabrtFromAnotherProcess_doesNotApply() {
        assertEquals(Optional.empty(), new AbortDeathRule().apply(death(killed(VICTIM, SIGABRT, 10.001),
                List.of(kill(BASH, 4242, SIGABRT, 10.0)), List.of(auditAbend(4242, SIGABRT, 10.0)))));
    }

    @Test
    void signal_killFromAnotherProcess_namesTheSenderForA3amReader() {
        Verdict v = new SignalDeathRule().apply(death(killed(VICTIM, SIGKILL, 10.001),
                List.of(kill(BASH, 4242, SIGKILL, 10.0)), List.of())).orElseThrow();
        assertEquals(Cause.SIGNAL, v.cause());
        assertEquals(KillerKind.PROCESS, v.killer().kind());
        assertEquals(Optional.of("bash -c kill -9 4242"), v.killer().cmdline());
        assertEquals("sleep (pid 4242) was killed by kill -9 (SIGKILL) from bash (pid 900, `bash -c kill -9 4242`),"
                + " user 1000.", v.summary());
    }

    @Test
    void signal_reRaisedAfterAnExternalSigterm_blamesTheExternalSender() {
        Verdict v = new SignalDeathRule().apply(death(killed(VICTIM, SIGTERM, 11.001),
                List.of(kill(BASH, 4242, SIGTERM, 10.0), self(4242, 4242, SIGTERM, SiCodes.SI_TKILL, 11.0)), List.of()))
                .orElseThrow();
        assertEquals(OptionalInt.of(900), v.killer().pid());
    }

    @Test
    void signal_otherSignalOnly_doesNotApply() {
        assertEquals(Optional.empty(), new SignalDeathRule().apply(death(killed(VICTIM, SIGKILL, 10.001),
                List.of(sent(BASH, 4242, SIGTERM, 0, 0, 9.0)), List.of())));
    }

    @Test
    void exit_nonZeroCode_isExitBySelf() {
        Verdict v = new ExitRule().apply(death(exited(VICTIM, 3, 10.0), List.of(), List.of())).orElseThrow();
        assertEquals(Cause.EXIT, v.cause());
        assertTrue(v.summary().contains("code 3"), v.summary());
    }

    @Test
    void exit_diedBySignal_doesNotApply() {
        assertEquals(Optional.empty(), new ExitRule().apply(death(killed(VICTIM, SIGKILL, 10.0), List.of(), List.of())));
    }
}
