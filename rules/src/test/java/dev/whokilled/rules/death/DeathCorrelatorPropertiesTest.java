package dev.whokilled.rules.death;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Random lives and deaths on two reused pids, fed with the lag the agent's sources really have
 * (a signal or kernel report may arrive just after a neighbouring exit): the correlator never
 * throws, never cites a signal sent to another process than the one whose death it explains, and
 * holds no more than its bounds.
 */
class DeathCorrelatorPropertiesTest {
    private static final ProcessIdentity SENDER = Facts.process(900, 1, "bash", "bash", 1000);

    enum Kind { START, SIGNAL, POLITE, KERNEL_KILL, EXIT_BY_SIGNAL, EXIT_NORMALLY, OOM_REPORT, GAP }

    /** @param overtakes the fact arrives before the one emitted just before it (source lag), unless both are exits */
    record Step(Kind kind, int pid, int signal, int delayMillis, boolean overtakes) {
    }

    @Provide
    Arbitrary<List<Step>> lives() {
        Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(4, Kind.START), Tuple.of(3, Kind.SIGNAL),
                Tuple.of(2, Kind.POLITE), Tuple.of(1, Kind.KERNEL_KILL), Tuple.of(3, Kind.EXIT_BY_SIGNAL),
                Tuple.of(2, Kind.EXIT_NORMALLY), Tuple.of(1, Kind.OOM_REPORT), Tuple.of(1, Kind.GAP));
        Arbitrary<Integer> delay = Arbitraries.oneOf(Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(0, 3000));
        Arbitrary<Step> step = Combinators.combine(kind, Arbitraries.integers().between(1, 2),
                Arbitraries.of(9, 15, 2, 11, 6), delay, Arbitraries.of(false, false, true)).as(Step::new);
        return step.list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void accept_randomInterleavings_neverMisattributeAndStayBounded(@ForAll("lives") List<Step> steps,
                                                                   @ForAll @IntRange(min = 1, max = 40) int cap) {
        CorrelationSettings settings = new CorrelationSettings(Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(1), Duration.ofMillis(50), cap, e -> true);
        DeathCorrelator correlator = new DeathCorrelator(settings);
        Map<SignalSent, ProcessIdentity> truth = new IdentityHashMap<>();
        List<Object> stream = simulate(steps, truth);
        List<Death> deaths = new ArrayList<>();
        for (Object in : stream) {
            deaths.addAll(in instanceof Fact f ? correlator.accept(f) : correlator.accept((Evidence) in));
            CorrelatorStats s = correlator.stats();
            assertTrue(s.pendingSignals() <= 2 * cap && s.pendingExits() <= cap && s.pendingEvidence() <= 2 * cap,
                    s::toString);
        }
        deaths.addAll(correlator.finish());
        for (Death d : deaths) {
            if (d.exit().isEmpty()) {
                continue;
            }
            ProcessIdentity victim = d.exit().get().identity().orElseThrow();
            for (Fact f : d.facts()) {
                if (f instanceof SignalSent s) {
                    assertEquals(victim, truth.get(s), () -> "signal " + s + " cited for the death of " + victim);
                }
            }
        }
        long exitsBySignal = stream.stream().filter(o -> o instanceof ProcessExit e && e.signal().isPresent()).count();
        assertTrue(deaths.stream().filter(d -> d.exit().isPresent()).count() <= stream.stream()
                .filter(ProcessExit.class::isInstance).count());
        assertTrue(deaths.stream().filter(d -> d.exit().isPresent() && d.exit().get().signal().isPresent()).count()
                == exitsBySignal, "every death by a signal is explained once");
    }

    /** Plays the steps on pids 4241-4242 and returns what the agent would see, in arrival order. */
    private static List<Object> simulate(List<Step> steps, Map<SignalSent, ProcessIdentity> truth) {
        Map<Integer, ProcessIdentity> alive = new HashMap<>();
        List<Object> stream = new ArrayList<>();
        long startTimes = 1000;
        double t = 1.0;
        for (Step s : steps) {
            t += s.delayMillis() / 1000.0;
            int before = stream.size();
            int pid = 4240 + s.pid();
            ProcessIdentity p = alive.get(pid);
            switch (s.kind()) {
                case START -> {
                    if (p == null) {
                        alive.put(pid, Facts.process(pid, startTimes++, "p" + startTimes, "p", 1000));
                    }
                }
                case SIGNAL, POLITE -> {
                    if (p != null) {
                        SignalSent sent = Facts.kill(SENDER, pid, s.kind() == Kind.POLITE ? 15 : s.signal(), t);
                        truth.put(sent, p);
                        stream.add(sent);
                    }
                }
                case KERNEL_KILL -> {
                    if (p != null) {
                        SignalSent sent = Facts.oomSignal(4300, pid, t);
                        truth.put(sent, p);
                        stream.add(sent);
                    }
                }
                case EXIT_BY_SIGNAL, EXIT_NORMALLY -> {
                    if (p != null) {
                        alive.remove(pid);
                        stream.add(s.kind() == Kind.EXIT_BY_SIGNAL ? Facts.killed(p, s.signal(), t)
                                : Facts.exited(p, s.signal() % 3, t));
                    }
                }
                case OOM_REPORT -> {
                    if (p != null) {
                        stream.add(Facts.oomKill(pid, "p", t));
                    }
                }
                case GAP -> stream.add(Facts.gap("tracefs", t - 1, t, "overrun"));
            }
            int n = stream.size();
            boolean bothExits = n >= 2 && stream.get(n - 1) instanceof ProcessExit && stream.get(n - 2) instanceof ProcessExit;
            if (s.overtakes() && n > before && n >= 2 && !bothExits) {
                Collections.swap(stream, n - 1, n - 2);
            }
        }
        return stream;
    }
}
