package dev.whokilled.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.EvidenceTrust;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.explain.Termination;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A syslog file where kernel reports and systemd/earlyoom messages about the same deaths interleave. */
class LogAnalyzerServicesTest {
    private static List<Termination> deaths;

    @BeforeAll
    static void analyze() {
        List<Explanation> all = Analysis.run(Analysis.fixture("analysis/syslog-services.txt"));
        deaths = all.stream().map(Termination.class::cast).toList();
    }

    @Test
    void analyze_serviceLog_oneTerminationPerDeathInLogOrder() {
        assertEquals(List.of(Cause.OOM_KILL, Cause.TIMEOUT_ESCALATION, Cause.USERSPACE_OOM_KILLER, Cause.UNKNOWN,
                Cause.CRASH), deaths.stream().map(Termination::cause).toList());
    }

    @Test
    void analyze_oomKillOfServiceProcess_joinsSystemdsAccount() {
        Termination t = deaths.get(0);
        assertEquals(OptionalInt.of(2001), t.subject().pid());
        assertEquals(Optional.of("mysql.service"), t.subject().unit());
        assertEquals(EvidenceTrust.UNVERIFIED, t.trust());
        assertTrue(t.evidence().stream().anyMatch(r -> r.message().contains("Failed with result 'oom-kill'")));
        assertEquals(Instant.parse("2026-11-22T03:10:00.000001Z"), t.when().wallTime().orElseThrow().instant());
        assertTrue(t.summary().contains("hit its 512 MiB limit"), t.summary());
    }

    @Test
    void analyze_stopTimeout_isEscalationOfTheKilledPid() {
        Termination t = deaths.get(1);
        assertEquals(OptionalInt.of(4242), t.subject().pid());
        assertEquals(Optional.of("nginx.service"), t.subject().unit());
        assertEquals(KillerKind.SUPERVISOR, t.killer().kind());
        assertEquals(OptionalInt.of(1), t.killer().pid());
        assertEquals(4, t.evidence().size());
    }

    @Test
    void analyze_earlyoom_namesKillerAndVictim() {
        Termination t = deaths.get(2);
        assertEquals(OptionalInt.of(7777), t.subject().pid());
        assertEquals(Optional.of("earlyoom"), t.killer().name());
        assertEquals(OptionalInt.of(15), t.exit().signal());
        assertEquals(EvidenceTrust.USERSPACE, t.trust());
    }

    @Test
    void analyze_mainProcessKilledWithoutSender_isUnknownWithTheSignal() {
        Termination t = deaths.get(3);
        assertEquals(Optional.of("app.service"), t.subject().unit());
        assertEquals(OptionalInt.of(15), t.exit().signal());
        assertEquals(KillerKind.UNKNOWN, t.killer().kind());
    }

    @Test
    void analyze_segfaultWrite_describesTheAccess() {
        Termination t = deaths.get(4);
        assertEquals(OptionalInt.of(5150), t.subject().pid());
        assertTrue(t.summary().contains("write"), t.summary());
    }

    @Test
    void analyze_serviceLog_prefilterChangesNothing() {
        byte[] log = Analysis.fixture("analysis/syslog-services.txt");
        assertEquals(Analysis.run(log, (b, f, t) -> true), Analysis.run(log));
    }
}
