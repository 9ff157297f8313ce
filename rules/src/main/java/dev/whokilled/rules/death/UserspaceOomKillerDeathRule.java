package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.UserspaceKill;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.signal.Signals;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Died by a signal that a userspace OOM killer (earlyoom, systemd-oomd, nohang) said it sent: its
 * log line names the victim, and the trace shows its signal (when it was traced) with its identity.
 */
final class UserspaceOomKillerDeathRule implements DeathRule {
    @Override
    public String id() {
        return "live-userspace-oom-killer";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        if (death.deathSignal().isEmpty()) {
            return Optional.empty();
        }
        int signal = death.deathSignal().getAsInt();
        return death.evidence(UserspaceKill.class)
                .filter(u -> u.victimPid().isEmpty() || u.victimPid().getAsInt() == death.pid())
                .findFirst()
                .map(u -> verdict(death, u, signal));
    }

    private static Verdict verdict(DeathCase death, UserspaceKill u, int signal) {
        Optional<SignalSent> sent = death.signals(signal).filter(s -> fromKiller(s, u)).reduce((a, b) -> b);
        Optional<SignalSent> first = death.signals().stream().filter(s -> fromKiller(s, u)).findFirst()
                .filter(s -> sent.isPresent() && s != sent.get());
        OptionalInt pid = sent.map(DeathCase::senderPid).orElse(u.killerPid());
        Killer killer = new Killer(KillerKind.USERSPACE_OOM_KILLER, pid, Optional.of(u.killer()),
                sent.flatMap(SignalSent::sender).flatMap(ProcessIdentity::cmdline));
        String by = sent.map(Words::sender).orElse(u.killer() + (pid.isPresent() ? " (pid " + pid.getAsInt() + ")" : ""));
        StringBuilder s = new StringBuilder(death.subject().describe()).append(" was killed by ").append(by)
                .append(", a userspace OOM killer, with ").append(Signals.name(signal));
        first.ifPresent(f -> s.append(" ").append(Words.seconds(sent.get().monotonicNanos() - f.monotonicNanos()))
                .append(" after its ").append(Signals.name(f.signal())));
        if (!u.reason().isBlank()) {
            s.append(": ").append(u.reason());
        }
        s.append('.');
        List<Fact> facts = first.isPresent() ? List.of(first.get(), sent.get())
                : sent.<List<Fact>>map(List::of).orElse(List.of());
        List<String> notes = sent.isEmpty()
                ? List.of("The killer's own log line names the victim; its signal was not in the trace.")
                : List.of();
        return new Verdict(Cause.USERSPACE_OOM_KILLER, killer, s.toString(), notes, Optional.empty(), facts, List.of(u));
    }

    /** Sent by the killer: its pid from the log line, else its name, since that is all a log line carries. */
    private static boolean fromKiller(SignalSent s, UserspaceKill u) {
        if (u.killerPid().isPresent()) {
            return DeathCase.senderPid(s).equals(u.killerPid());
        }
        return Words.senderName(s).map(n -> u.killer().startsWith(n) || n.startsWith(u.killer())).orElse(false);
    }
}
