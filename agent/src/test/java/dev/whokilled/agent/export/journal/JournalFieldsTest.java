package dev.whokilled.agent.export.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.EvidenceTrust;
import dev.whokilled.rules.explain.ExitInfo;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.explain.Subject;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.explain.When;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A termination as journal fields: the documented names, the values {@code list --json} has, nothing invented. */
class JournalFieldsTest {
    /** A {@code kill -TERM} from a shell, as the agent explains it. */
    static ExportedTermination killedBySh() {
        return killedBySh(4242, "sleep", "sleep 600");
    }

    /** The same death of another process. */
    static ExportedTermination killedBySh(int pid, String comm, String cmdline) {
        Subject subject = new Subject(OptionalInt.of(pid), Optional.of(comm), Optional.of(cmdline),
                OptionalLong.of(1000), Optional.of("/system.slice/app.service"), Optional.of("app.service"),
                Optional.empty(), Optional.empty());
        When when = new When(Optional.of(new WallTime(Instant.parse("2026-11-22T18:00:01.5Z"), TimeBasis.RECEIVED)),
                OptionalLong.of(1_612_970_318L), Optional.of("6f1c7a2e-1b2d-4c5e-9f00-0123456789ab"));
        ExitInfo exit = new ExitInfo(OptionalInt.of(143), OptionalInt.empty(), OptionalInt.of(15), Optional.of(false),
                true);
        Killer killer = new Killer(KillerKind.PROCESS, OptionalInt.of(900), Optional.of("sh"),
                Optional.of("sh -c kill -TERM 4242\nsleep 1"));
        Termination t = new Termination(subject, when, exit, Cause.SIGNAL, killer,
                "sleep (pid 4242) was killed by SIGTERM from sh (pid 900).", "signal-received", EvidenceTrust.KERNEL,
                List.of(), Optional.empty(), List.of());
        return ExportedTermination.of(new Death(t, List.of()));
    }

    private static Map<String, String> fields(ExportedTermination t) {
        Map<String, String> m = new LinkedHashMap<>();
        for (JournalField f : JournalFields.of(t)) {
            assertFalse(m.containsKey(f.name()), "twice: " + f.name());
            m.put(f.name(), f.value());
        }
        return m;
    }

    @Test
    void of_signalDeath_givesEveryKnownFieldAndNoOther() {
        ExportedTermination t = killedBySh();
        Map<String, String> want = new LinkedHashMap<>();
        want.put("MESSAGE_ID", "2d53a2bce5744206b118fcd620b187b3");
        want.put("MESSAGE", "sleep (pid 4242) was killed by SIGTERM from sh (pid 900).");
        want.put("PRIORITY", "5");
        want.put("SYSLOG_IDENTIFIER", "whokilled");
        want.put("WHOKILLED_EVENT_ID", t.id());
        want.put("WHOKILLED_TIME", "2026-11-22T18:00:01.500Z");
        want.put("WHOKILLED_BOOT_ID", "6f1c7a2e1b2d4c5e9f000123456789ab");
        want.put("WHOKILLED_CAUSE", "signal");
        want.put("WHOKILLED_PID", "4242");
        want.put("WHOKILLED_COMM", "sleep");
        want.put("WHOKILLED_CMDLINE", "sleep 600");
        want.put("WHOKILLED_UID", "1000");
        want.put("WHOKILLED_EXIT_STATUS", "143");
        want.put("WHOKILLED_SIGNAL", "15");
        want.put("WHOKILLED_SIGNAL_NAME", "SIGTERM");
        want.put("WHOKILLED_CORE_DUMPED", "0");
        want.put("WHOKILLED_KILLER_KIND", "process");
        want.put("WHOKILLED_KILLER_PID", "900");
        want.put("WHOKILLED_KILLER_COMM", "sh");
        want.put("WHOKILLED_KILLER_CMDLINE", "sh -c kill -TERM 4242\nsleep 1");
        want.put("WHOKILLED_UNIT", "app.service");
        want.put("WHOKILLED_CGROUP", "/system.slice/app.service");
        want.put("WHOKILLED_TRUST", "kernel");
        assertEquals(want, fields(t));
    }

    @Test
    void of_nothingKnown_leavesTheFieldsOut() {
        Termination bare = new Termination(new Subject(OptionalInt.empty(), Optional.empty(), Optional.of(""),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                new When(Optional.empty(), OptionalLong.empty(), Optional.empty()), ExitInfo.UNKNOWN, Cause.UNKNOWN,
                Killer.UNKNOWN, "an unidentified process died.", "unknown", EvidenceTrust.UNVERIFIED, List.of(),
                Optional.empty(), List.of());
        ExportedTermination t = ExportedTermination.of(new Death(bare, List.of()));
        assertEquals(List.of("MESSAGE_ID", "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "WHOKILLED_EVENT_ID",
                "WHOKILLED_CAUSE", "WHOKILLED_TRUST"), List.copyOf(fields(t).keySet()));
        assertFalse(fields(t).containsValue("null"));
    }

    @ParameterizedTest
    @CsvSource({"OOM_KILL,4", "USERSPACE_OOM_KILLER,4", "CRASH,4", "ABORT,4", "SIGNAL,5", "TIMEOUT_ESCALATION,5",
        "EXIT,5", "UNKNOWN,5"})
    void priority_warningForOomAndCrashes_noticeForTheRest(Cause cause, int priority) {
        assertEquals(priority, JournalFields.priority(cause));
    }
}
