package dev.whokilled.rules.death;

import dev.whokilled.rules.cgroup.CgroupIdentity;
import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.explain.Subject;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Everything the correlator joined to one observed exit: the signals sent to that process (not
 * to an earlier or later process with the same pid), the kernel and supervisor evidence about it,
 * and the gaps in what the agent could see around that time. What the {@link DeathRule}s judge.
 * Immutable.
 *
 * @param signals the signals sent to this process or raised by it, oldest first
 * @param evidence kernel-log and supervisor evidence about it, in arrival order
 * @param gaps gaps of any source that overlap its death
 */
public record DeathCase(ProcessExit exit, List<SignalSent> signals, List<Evidence> evidence, List<Gap> gaps) {
    public DeathCase {
        Objects.requireNonNull(exit, "exit");
        signals = signals.stream().sorted(Comparator.comparingLong(SignalSent::monotonicNanos)).toList();
        evidence = List.copyOf(evidence);
        gaps = List.copyOf(gaps);
    }

    public int pid() {
        return exit.pid();
    }

    /** The signal it died by, when it died by one. */
    public OptionalInt deathSignal() {
        return exit.signal();
    }

    /** The signals with this number, oldest first. */
    public Stream<SignalSent> signals(int number) {
        return signals.stream().filter(s -> s.signal() == number);
    }

    /**
     * The last signal of this number before the death, preferring one from another process: a
     * process that handles SIGTERM, cleans up and raises SIGTERM again died of the first sender's
     * request, not of its own.
     */
    public Optional<SignalSent> lastFromOthers(int number) {
        return signals(number).filter(s -> !isSelf(s)).reduce((a, b) -> b);
    }

    /** True when the signal was raised by the process itself, or by the kernel in its own context (a fault). */
    public boolean isSelf(SignalSent s) {
        return s.senderTid() == s.targetPid() || senderPid(s).equals(OptionalInt.of(pid()));
    }

    /** The sending process's pid: its identity, else the traced tgid, else the sending thread. */
    public static OptionalInt senderPid(SignalSent s) {
        if (s.sender().isPresent()) {
            return OptionalInt.of(s.sender().get().pid());
        }
        if (s.senderTgid().isPresent()) {
            return s.senderTgid();
        }
        return s.senderTid() > 0 ? OptionalInt.of(s.senderTid()) : OptionalInt.empty();
    }

    private Optional<String> kernelComm() {
        return evidence(OomKill.class).filter(k -> k.victim().pid() == pid()).map(k -> k.victim().comm()).findFirst()
                .or(() -> evidence(KernelFault.class).filter(f -> f.pid() == pid()).map(KernelFault::comm).findFirst());
    }

    public <T extends Evidence> Stream<T> evidence(Class<T> type) {
        return evidence.stream().filter(type::isInstance).map(type::cast);
    }

    /**
     * The process that died, from the identity the agent kept for it; its name from the kernel's own report
     * when one names this pid: the kernel's is the name at death, and a process killed within a millisecond
     * of its exec (an OOM victim allocating at once) may die before the agent has read its new name.
     */
    public Subject subject() {
        Optional<ProcessIdentity> id = exit.identity();
        Optional<String> cgroup = id.flatMap(ProcessIdentity::cgroup);
        Optional<CgroupIdentity> parsed = cgroup.map(CgroupIdentity::parse);
        return new Subject(OptionalInt.of(pid()), kernelComm().or(() -> id.flatMap(ProcessIdentity::comm)),
                id.flatMap(ProcessIdentity::cmdline).filter(c -> !c.isBlank()),
                id.map(ProcessIdentity::uid).orElse(OptionalLong.empty()), cgroup,
                parsed.flatMap(CgroupIdentity::unit), parsed.flatMap(CgroupIdentity::containerId),
                parsed.flatMap(CgroupIdentity::podUid));
    }
}
