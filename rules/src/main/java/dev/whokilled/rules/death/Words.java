package dev.whokilled.rules.death;

import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** The phrases the death rules share, so every summary names people and durations the same way. Stateless. */
final class Words {
    private static final int LISTED_ORPHANS = 8;

    private Words() {
    }

    /** {@code bash (pid 900, `bash -c kill -9 4242`), user 1000}, as far as the sender is known. */
    static String sender(SignalSent s) {
        Optional<ProcessIdentity> id = s.sender();
        Optional<String> comm = id.flatMap(ProcessIdentity::comm).or(s::senderComm).filter(c -> !c.equals("<...>"));
        OptionalInt pid = DeathCase.senderPid(s);
        StringBuilder b = new StringBuilder(comm.orElse("a process"));
        b.append(" (pid ").append(pid.isPresent() ? String.valueOf(pid.getAsInt()) : "unknown");
        id.flatMap(ProcessIdentity::cmdline).filter(c -> !c.isBlank()).ifPresent(c -> b.append(", `").append(c).append('`'));
        b.append(')');
        OptionalLong uid = id.map(ProcessIdentity::uid).orElse(OptionalLong.empty());
        if (uid.isPresent()) {
            b.append(", user ").append(uid.getAsLong());
        }
        return b.toString();
    }

    /** The sender's name for the killer field: its identity's comm, else the traced comm. */
    static Optional<String> senderName(SignalSent s) {
        return s.sender().flatMap(ProcessIdentity::comm).or(s::senderComm);
    }

    /** {@code 2.0 s}, {@code 90.0 s}: a measured interval, to a tenth of a second. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /**
     * "its children 4250 (worker), 4251 (worker) were left running, reparented to init (pid 1)";
     * empty when it left none.
     */
    static Optional<String> orphans(List<ProcessIdentity> orphans) {
        if (orphans.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(orphans.size() == 1 ? "its child " : "its children ");
        for (int i = 0; i < Math.min(LISTED_ORPHANS, orphans.size()); i++) {
            ProcessIdentity o = orphans.get(i);
            b.append(i == 0 ? "" : ", ").append(o.pid()).append(o.comm().map(c -> " (" + c + ")").orElse(""));
        }
        if (orphans.size() > LISTED_ORPHANS) {
            b.append(" and ").append(orphans.size() - LISTED_ORPHANS).append(" more");
        }
        b.append(orphans.size() == 1 ? " was" : " were").append(" left running, reparented to ").append(newParent(orphans));
        return Optional.of(b.toString());
    }

    private static String newParent(List<ProcessIdentity> orphans) {
        Set<OptionalInt> parents = orphans.stream().map(ProcessIdentity::ppid).collect(Collectors.toSet());
        OptionalInt only = parents.size() == 1 ? parents.iterator().next() : OptionalInt.empty();
        if (only.isEmpty()) {
            return "init or a subreaper";
        }
        return only.getAsInt() == 1 ? "init (pid 1)" : "pid " + only.getAsInt() + " (a subreaper)";
    }
}
