package dev.whokilled.rules.death;

import dev.whokilled.rules.cgroup.CgroupIdentity;
import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.explain.EvidenceTrust;
import dev.whokilled.rules.explain.ExitInfo;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.explain.When;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import dev.whokilled.rules.signal.Signals;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Joins what the agent observes (exits, signals, gaps) with kernel-log evidence into explained
 * deaths, streaming, with bounded state. Not thread-safe: one thread feeds it, in about time order.
 *
 * <p>Time is the kernel's CLOCK_MONOTONIC, taken from the input: exits and signals carry it in ns,
 * kernel records in µs (printk's clock, a few ms apart: {@link CorrelationSettings#clockSkew()}).
 * The correlator never reads a clock; {@link #tick(long)} lets the caller advance time when no
 * input arrives, so exits settle and signals expire on an idle machine too.
 *
 * <p>A pid names one process between two exits. So a signal to pid P joins the first exit of P at
 * or after it, and nothing later: when P exits, every signal to P sent before that moment is bound
 * to that exit, and a signal that arrives late for an exit already explained is dropped, never
 * passed on to the next process with the same pid. Kernel evidence joins the exit of its pid
 * within the window the same way. A signal a thread raises in itself (a fault, {@code abort()})
 * is keyed by the sender's thread group, since its target is a thread id.
 *
 * <p>Each exit by a signal (and each non-zero exit the settings select) waits
 * {@link CorrelationSettings#settle()} for late kernel evidence, then the first of
 * {@link DeathRules#DEFAULT} that applies explains it. Kernel evidence whose exit never comes is
 * explained by the log rules and marked as unobserved, citing the gaps that explain why.
 */
public final class DeathCorrelator {
    private static final int GAP_CAP = 1024;

    private final CorrelationSettings settings;
    private final List<DeathRule> rules;
    private final long window;
    private final long escalation;
    private final long settle;
    private final long skew;
    private final long tombRetention;

    /** Signals that ask a process to stop, kept for an escalation; all others for the window. */
    private final Pending<Integer, SignalSent> politeSignals;
    private final Pending<Integer, SignalSent> signals;
    private final Pending<Integer, Evidence> evidenceByPid;
    private final Pending<String, Evidence> evidenceByUnit;
    private final ArrayDeque<Settling> settling = new ArrayDeque<>();
    private final Map<Integer, ArrayDeque<Settling>> settlingByKey = new HashMap<>();
    private final ArrayDeque<Tomb> tombs = new ArrayDeque<>();
    /** The exit times of each key still remembered, oldest first, to find the exit a late fact belongs to. */
    private final Map<Integer, ArrayDeque<Long>> exitTimes = new HashMap<>();
    private final ArrayDeque<Gap> gaps = new ArrayDeque<>();

    private int held;
    private Optional<String> boot = Optional.empty();
    private long now = Long.MIN_VALUE;
    /** Facts and reports stamped at or before this are dropped: the exits they might belong to were forgotten. */
    private long horizon = Long.MIN_VALUE;
    private OptionalLong firstExit = OptionalLong.empty();
    /** Wall time minus monotonic time, from the latest fact; places kernel records in wall time for gaps. */
    private OptionalLong wallOffsetNanos = OptionalLong.empty();

    private long droppedSignals;
    private long droppedEvidence;
    private long earlyExits;
    private long expiredSignals;
    private long lateFacts;
    private long ignoredEvidence;

    private static final class Settling {
        final ProcessExit exit;
        final List<SignalSent> signals;
        final List<Evidence> evidence;
        final Set<Integer> keys;
        final long deadline;
        boolean done;

        Settling(ProcessExit exit, List<SignalSent> signals, List<Evidence> evidence, Set<Integer> keys, long deadline) {
            this.exit = exit;
            this.signals = signals;
            this.evidence = evidence;
            this.keys = keys;
            this.deadline = deadline;
        }
    }

    private record Tomb(int key, long at) {
    }

    public DeathCorrelator(CorrelationSettings settings) {
        this(settings, DeathRules.DEFAULT);
    }

    /** With another rule list, for a caller that adds rules; {@link DeathRules#DEFAULT} otherwise. */
    public DeathCorrelator(CorrelationSettings settings, List<DeathRule> rules) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rules = List.copyOf(rules);
        this.window = settings.window().toNanos();
        this.escalation = settings.escalationWindow().toNanos();
        this.settle = settings.settle().toNanos();
        this.skew = settings.clockSkew().toNanos();
        this.tombRetention = escalation + settle + skew;
        int cap = settings.maxPending();
        this.politeSignals = new Pending<>(cap);
        this.signals = new Pending<>(cap);
        this.evidenceByPid = new Pending<>(cap);
        this.evidenceByUnit = new Pending<>(cap);
    }

    /** Adds an observed fact; returns the deaths now explained, oldest first. */
    public List<Death> accept(Fact fact) {
        Objects.requireNonNull(fact, "fact");
        if (fact instanceof ProcessExit e) {
            return exit(e);
        }
        if (fact instanceof SignalSent s) {
            return signal(s);
        }
        gap((Gap) fact);
        return List.of();
    }

    /**
     * Adds kernel-log or supervisor evidence, as the log parsers produce it; returns the deaths now
     * explained. Evidence of another boot, about no process, or claiming to be kernel evidence while
     * written by a process, is ignored and counted.
     */
    public List<Death> accept(Evidence evidence) {
        Objects.requireNonNull(evidence, "evidence");
        Optional<String> recordBoot = evidence.anchor().stamp().bootId();
        boolean kernelClaim = evidence instanceof OomKill || evidence instanceof KernelFault;
        if ((recordBoot.isPresent() && boot.isPresent() && !recordBoot.equals(boot))
                || (kernelClaim && EvidenceTrust.of(evidence) == EvidenceTrust.USERSPACE)) {
            ignoredEvidence++;
            return List.of();
        }
        OptionalLong micros = evidence.anchor().stamp().monotonicMicros();
        long at = micros.isPresent() ? micros.getAsLong() * 1000 : now;
        List<Death> out = advance(at);
        OptionalInt pid = evidence.subjectPid();
        if (pid.isPresent()) {
            joinByPid(pid.getAsInt(), at, evidence, out);
        } else {
            Optional<String> unit = evidence.subjectUnit();
            if (unit.isEmpty()) {
                ignoredEvidence++;
                return out;
            }
            for (Settling s : settling) {
                if (!s.done && unitOf(s.exit).equals(unit) && within(at, s.exit.monotonicNanos())) {
                    s.evidence.add(evidence);
                }
            }
            droppedEvidence += evidenceByUnit.add(unit.get(), at, evidence).size();
        }
        return out;
    }

    /** Advances time to {@code monotonicNanos} (the caller's CLOCK_MONOTONIC); returns the deaths that settled. */
    public List<Death> tick(long monotonicNanos) {
        return advance(monotonicNanos);
    }

    /** End of input: explains every held exit and every kernel report still waiting for one. */
    public List<Death> finish() {
        List<Death> out = new ArrayList<>();
        for (Settling s : settling) {
            if (!s.done) {
                out.add(explain(s));
            }
        }
        settling.clear();
        settlingByKey.clear();
        held = 0;
        orphans(evidenceByPid.drain(), out);
        evidenceByUnit.drain();
        expiredSignals += signals.drain().size() + politeSignals.drain().size();
        return out;
    }

    public CorrelatorStats stats() {
        return new CorrelatorStats(signals.size() + politeSignals.size(), held,
                evidenceByPid.size() + evidenceByUnit.size(), droppedSignals, droppedEvidence, earlyExits,
                expiredSignals, lateFacts, ignoredEvidence);
    }

    private List<Death> exit(ProcessExit e) {
        List<Death> out = new ArrayList<>();
        if (boot.isPresent() && !boot.get().equals(e.bootId())) {
            // A new boot restarts the monotonic clock: nothing held can be joined to what follows.
            out.addAll(finish());
            tombs.clear();
            exitTimes.clear();
            now = Long.MIN_VALUE;
            horizon = Long.MIN_VALUE;
            firstExit = OptionalLong.empty();
        }
        boot = Optional.of(e.bootId());
        long te = e.monotonicNanos();
        learnWallOffset(e.observedAt(), te);
        out.addAll(advance(te));
        if (firstExit.isEmpty()) {
            firstExit = OptionalLong.of(te);
        }
        int pid = e.pid();
        List<SignalSent> bound = new ArrayList<>(signals.take(pid, at -> at <= te && at >= te - window));
        bound.addAll(politeSignals.take(pid, at -> at <= te && at >= te - escalation));
        Set<Integer> keys = new LinkedHashSet<>();
        keys.add(pid);
        for (SignalSent s : bound) {
            if (s.senderTid() == s.targetPid()) {
                keys.add(s.targetPid()); // a thread of this process: its fault line names the thread
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        for (int key : keys) {
            evidence.addAll(evidenceByPid.take(key, at -> at >= te - window && at <= te + skew));
        }
        unitOf(e).ifPresent(u -> evidence.addAll(evidenceByUnit.peek(u, at -> at >= te - window && at <= te + skew)));
        for (int key : keys) {
            bury(key, te);
        }
        boolean report = e.signal().isPresent()
                || (e.exitCode().orElse(0) != 0 && settings.reportExit().test(e));
        if (!report) {
            return out;
        }
        Settling s = new Settling(e, bound, evidence, keys, te + settle);
        settling.addLast(s);
        held++;
        for (int key : keys) {
            settlingByKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(s);
        }
        if (settle == 0) {
            out.addAll(settle(te));
        }
        while (held > settings.maxPending()) {
            Settling oldest = settling.pollFirst();
            if (!oldest.done) {
                earlyExits++;
                out.add(done(oldest));
            }
        }
        return out;
    }

    private List<Death> signal(SignalSent s) {
        long ts = s.monotonicNanos();
        learnWallOffset(s.observedAt(), ts);
        List<Death> out = advance(ts);
        int key = keyOf(s);
        OptionalLong exited = firstExitFrom(key, ts);
        if (ts <= horizon || ts < now - tombRetention) {
            lateFacts++;
        } else if (exited.isPresent()) {
            // It was sent before an exit of this pid that is already in: it belongs to the first such exit, no other.
            long te = exited.getAsLong();
            Optional<Settling> target = settlingFor(key, te, te);
            long reach = TimeoutEscalationRule.POLITE.contains(s.signal()) ? escalation : window;
            if (target.isPresent() && ts >= te - reach) {
                target.get().signals.add(s);
            } else {
                lateFacts++;
            }
        } else if (TimeoutEscalationRule.POLITE.contains(s.signal())) {
            droppedSignals += politeSignals.add(key, ts, s).size();
        } else {
            droppedSignals += signals.add(key, ts, s).size();
        }
        return out;
    }

    private void gap(Gap g) {
        gaps.addLast(g);
        while (gaps.size() > GAP_CAP) {
            gaps.pollFirst();
        }
    }

    private void joinByPid(int pid, long at, Evidence evidence, List<Death> out) {
        OptionalLong exited = firstExitFrom(pid, at - skew);
        Optional<Settling> target = exited.isPresent() && exited.getAsLong() <= at + window
                ? settlingFor(pid, exited.getAsLong(), exited.getAsLong()) : Optional.empty();
        if (target.isPresent()) {
            target.get().evidence.add(evidence);
        } else if (exited.isPresent() || at <= horizon
                || (firstExit.isPresent() && at >= firstExit.getAsLong() && at < now - tombRetention)) {
            // Its exit was already explained, or was seen so long ago that which process it was is unknown.
            lateFacts++;
        } else {
            List<Evidence> pushed = evidenceByPid.add(pid, at, evidence);
            droppedEvidence += pushed.size();
        }
    }

    /** The earliest held exit of {@code key} stamped within [from, to]. */
    private Optional<Settling> settlingFor(int key, long from, long to) {
        ArrayDeque<Settling> q = settlingByKey.get(key);
        if (q == null) {
            return Optional.empty();
        }
        return q.stream().filter(s -> !s.done && s.exit.monotonicNanos() >= from && s.exit.monotonicNanos() <= to)
                .findFirst();
    }

    private List<Death> advance(long to) {
        if (to <= now) {
            return List.of();
        }
        now = to;
        List<Death> out = new ArrayList<>(settle(now));
        expiredSignals += signals.expire(now - window).size();
        expiredSignals += politeSignals.expire(now - escalation).size();
        evidenceByUnit.expire(now - window - settle - skew);
        orphans(evidenceByPid.expire(now - window - settle - skew), out);
        while (!tombs.isEmpty() && tombs.peekFirst().at() < now - tombRetention) {
            forget(tombs.pollFirst());
        }
        return out;
    }

    private List<Death> settle(long upTo) {
        List<Death> out = new ArrayList<>();
        while (!settling.isEmpty() && (settling.peekFirst().done || settling.peekFirst().deadline <= upTo)) {
            Settling s = settling.pollFirst();
            if (!s.done) {
                out.add(done(s));
            }
        }
        return out;
    }

    private Death done(Settling s) {
        s.done = true;
        held--;
        for (int key : s.keys) {
            ArrayDeque<Settling> q = settlingByKey.get(key);
            if (q != null) {
                q.remove(s);
                if (q.isEmpty()) {
                    settlingByKey.remove(key);
                }
            }
        }
        return explain(s);
    }

    private void bury(int key, long at) {
        exitTimes.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(at);
        tombs.addLast(new Tomb(key, at));
        while (tombs.size() > settings.maxPending()) {
            Tomb t = tombs.pollFirst();
            forget(t);
            horizon = Math.max(horizon, t.at());
        }
    }

    private void forget(Tomb t) {
        ArrayDeque<Long> times = exitTimes.get(t.key());
        if (times != null) {
            times.removeFirstOccurrence(t.at());
            if (times.isEmpty()) {
                exitTimes.remove(t.key());
            }
        }
    }

    /** The first remembered exit of {@code key} stamped at or after {@code from}. */
    private OptionalLong firstExitFrom(int key, long from) {
        ArrayDeque<Long> times = exitTimes.get(key);
        if (times == null) {
            return OptionalLong.empty();
        }
        return times.stream().mapToLong(Long::longValue).filter(t -> t >= from).min();
    }

    private Death explain(Settling held) {
        DeathCase c = new DeathCase(held.exit, held.signals, held.evidence, gapsAround(wall(held.exit)));
        for (DeathRule rule : rules) {
            Optional<Verdict> v = rule.apply(c);
            if (v.isPresent()) {
                return death(c, rule.id(), v.get());
            }
        }
        return death(c, "live-unknown", unknown(c));
    }

    private Verdict unknown(DeathCase c) {
        String signal = c.deathSignal().isPresent() ? Signals.name(c.deathSignal().getAsInt()) : "a signal";
        List<String> missing = new ArrayList<>();
        if (c.signals().isEmpty()) {
            missing.add("no signal_generate event for it was traced in the " + Words.seconds(window)
                    + " before it died (is the agent's tracefs source running?)");
        } else {
            missing.add("the signals traced for it (" + String.join(", ", c.signals().stream()
                    .map(s -> Signals.name(s.signal()) + " from " + Words.sender(s)).toList()) + ") do not include "
                    + signal);
        }
        c.gaps().forEach(g -> missing.add(describe(g)));
        String summary = c.subject().describe() + " died by " + signal + " and nothing names the sender: "
                + String.join("; ", missing) + ".";
        return Verdict.unknown(summary, List.copyOf(c.gaps()));
    }

    private static Death death(DeathCase c, String ruleId, Verdict v) {
        ProcessExit e = c.exit();
        String summary = v.summary() + Words.orphans(e.orphans()).map(o -> " " + capitalise(o) + ".").orElse("");
        EvidenceTrust trust = EvidenceTrust.KERNEL;
        for (Evidence ev : v.evidence()) {
            EvidenceTrust t = EvidenceTrust.of(ev);
            trust = t.ordinal() > trust.ordinal() ? t : trust;
        }
        List<KernelRecord> records = new ArrayList<>();
        for (Evidence ev : c.evidence()) {
            ev.records().stream().filter(r -> !records.contains(r)).forEach(records::add);
        }
        When when = new When(Optional.of(new WallTime(e.observedAt(), TimeBasis.RECEIVED)),
                OptionalLong.of(Math.max(0, e.monotonicNanos()) / 1000), Optional.of(e.bootId()));
        Termination t = new Termination(c.subject(), when, exitInfo(e), v.cause(), v.killer(), summary, ruleId, trust,
                v.notes(), v.oom(), records);
        List<Fact> facts = new ArrayList<>();
        facts.add(e);
        facts.addAll(v.facts());
        return new Death(t, facts);
    }

    static ExitInfo exitInfo(ProcessExit e) {
        OptionalInt signal = e.signal();
        OptionalInt status = signal.isPresent() ? OptionalInt.of(128 + signal.getAsInt()) : e.exitCode();
        return new ExitInfo(status, e.exitCode(), signal, Optional.of(e.coreDumped()), true);
    }

    /** Kernel reports whose exit never came: the log rules explain them, and the summary says the exit was not seen. */
    private void orphans(List<Evidence> expired, List<Death> out) {
        Map<Integer, List<Evidence>> byPid = new LinkedHashMap<>();
        for (Evidence e : expired) {
            int pid = e.subjectPid().orElseThrow();
            List<Evidence> group = byPid.get(pid);
            if (group != null && group.stream().anyMatch(g -> g.getClass() == e.getClass())) {
                // A second report of the same kind is a second death of a reused pid.
                emitOrphan(byPid.remove(pid), out);
            }
            byPid.computeIfAbsent(pid, p -> new ArrayList<>()).add(e);
        }
        byPid.values().forEach(g -> emitOrphan(g, out));
    }

    private void emitOrphan(List<Evidence> group, List<Death> out) {
        Optional<Termination> explained = LogView.explain(group);
        if (explained.isEmpty()) {
            ignoredEvidence += group.size();
            return;
        }
        Termination t = explained.get();
        KernelRecord anchor = group.get(0).anchor();
        OptionalLong micros = anchor.stamp().monotonicMicros();
        Optional<Instant> wall = anchor.stamp().wallTime().map(WallTime::instant)
                .or(() -> micros.isPresent() && wallOffsetNanos.isPresent()
                        ? Optional.of(instantOf(micros.getAsLong() * 1000 + wallOffsetNanos.getAsLong()))
                        : Optional.empty());
        List<Gap> cited = wall.map(this::gapsAround).orElse(List.of());
        String why;
        if (!cited.isEmpty()) {
            why = String.join("; ", cited.stream().map(DeathCorrelator::describe).toList());
        } else if (firstExit.isEmpty() || (micros.isPresent() && micros.getAsLong() * 1000 < firstExit.getAsLong() - window)) {
            why = "this was before it began watching exits";
        } else {
            why = "no exit event for it arrived within " + Words.seconds(window + settle)
                    + " (the proc connector may have dropped it)";
        }
        String summary = t.summary() + " The agent did not see it exit: " + why + ".";
        List<String> notes = new ArrayList<>(t.notes());
        notes.add("Explained from the kernel log alone: the exit status and the signal's sender were not observed.");
        out.add(new Death(new Termination(t.subject(), t.when(), t.exit(), t.cause(), t.killer(), summary, t.ruleId(),
                t.trust(), notes, t.oom(), t.evidence()), List.copyOf(cited)));
    }

    private List<Gap> gapsAround(Instant at) {
        Instant from = at.minusNanos(window + settle);
        Instant to = at.plusNanos(window);
        return gaps.stream().filter(g -> !g.to().isBefore(from) && !g.from().isAfter(to)).toList();
    }

    private static Instant wall(ProcessExit e) {
        return e.observedAt();
    }

    private static String describe(Gap g) {
        String span = " from " + g.from().truncatedTo(ChronoUnit.SECONDS) + " to " + g.to().truncatedTo(ChronoUnit.SECONDS);
        if (g.source().equals("agent")) {
            return "the agent was down" + span;
        }
        String lost = g.lost().isPresent() ? ", " + g.lost().getAsLong() + " lost" : "";
        return "the " + g.source() + " source had a gap" + span + " (" + g.reason() + lost + ")";
    }

    private void learnWallOffset(Instant observedAt, long monotonicNanos) {
        long wallNanos = observedAt.getEpochSecond() * 1_000_000_000L + observedAt.getNano();
        wallOffsetNanos = OptionalLong.of(wallNanos - monotonicNanos);
    }

    private static Instant instantOf(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    private boolean within(long at, long exitAt) {
        return at >= exitAt - window && at <= exitAt + skew;
    }

    /** A signal a thread raised in itself is keyed by its process; any other by its target. */
    private static int keyOf(SignalSent s) {
        return s.senderTid() == s.targetPid() && s.senderTgid().isPresent() ? s.senderTgid().getAsInt() : s.targetPid();
    }

    private static Optional<String> unitOf(ProcessExit e) {
        return e.identity().flatMap(ProcessIdentity::cgroup).flatMap(c -> CgroupIdentity.parse(c).unit());
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
