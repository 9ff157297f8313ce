package dev.whokilled.rules.explain;

import static dev.whokilled.rules.explain.Evidences.memcgKill;
import static dev.whokilled.rules.explain.Evidences.segfault;
import static dev.whokilled.rules.explain.Evidences.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whokilled.rules.evidence.ServiceEventKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class IncidentCorrelatorTest {
    private static List<Incident> run(IncidentCorrelator c, dev.whokilled.rules.evidence.Evidence... evidence) {
        List<Incident> out = new ArrayList<>();
        for (var e : evidence) {
            out.addAll(c.accept(e));
        }
        out.addAll(c.finish());
        return out;
    }

    @Test
    void accept_segfaultAndAuditOfSamePid_joinOneIncident() {
        List<Incident> out = run(IncidentCorrelator.withDefaults(), segfault(10, 77), Evidences.auditAbend(11, 77, 11));
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).evidence().size());
    }

    @Test
    void accept_twoSegfaultsOfSamePid_areTwoDeaths() {
        assertEquals(2, run(IncidentCorrelator.withDefaults(), segfault(10, 77), segfault(20, 77)).size());
    }

    @Test
    void accept_unitTimeoutThenKillingThenMainExit_joinByUnitAndPid() {
        List<Incident> out = run(IncidentCorrelator.withDefaults(),
                service(1, ServiceEventKind.STOP_TIMEOUT, "app.service", OptionalInt.empty(), OptionalInt.empty(),
                        Optional.of("stop-sigterm")),
                service(2, ServiceEventKind.KILLING_PROCESS, "app.service", OptionalInt.of(4242), OptionalInt.of(9),
                        Optional.empty()),
                service(3, ServiceEventKind.MAIN_PROCESS_KILLED, "app.service", OptionalInt.empty(), OptionalInt.of(9),
                        Optional.empty()),
                segfault(4, 99));
        assertEquals(2, out.size());
        assertEquals(3, out.get(0).evidence().size());
        assertEquals(1, out.get(1).evidence().size());
    }

    @Test
    void accept_evidenceBeyondWindow_closesOlderIncidentsInLogOrder() {
        IncidentCorrelator c = new IncidentCorrelator(100, 10);
        assertEquals(List.of(), c.accept(segfault(10, 1)));
        assertEquals(List.of(), c.accept(memcgKill(50)));
        List<Incident> closed = c.accept(segfault(500, 2));
        assertEquals(2, closed.size());
        assertEquals(10, closed.get(0).evidence().get(0).anchor().lineNumber());
    }

    @Test
    void accept_moreThanMaxOpen_evictsOldestFirst() {
        IncidentCorrelator c = new IncidentCorrelator(1_000_000, 2);
        c.accept(segfault(1, 1));
        c.accept(segfault(2, 2));
        List<Incident> evicted = c.accept(segfault(3, 3));
        assertEquals(1, evicted.size());
        assertEquals(1, evicted.get(0).evidence().get(0).anchor().lineNumber());
    }
}
