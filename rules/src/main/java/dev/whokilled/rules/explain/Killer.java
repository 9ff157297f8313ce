package dev.whokilled.rules.explain;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who ended the process, as far as the evidence names it.
 *
 * @param name the actor's name: a comm ({@code bash}), a daemon ({@code earlyoom}), or {@code kernel}
 * @param cmdline the sender's command line, when an agent saw it (never from a log)
 */
public record Killer(KillerKind kind, OptionalInt pid, Optional<String> name, Optional<String> cmdline) {
    public static final Killer KERNEL = new Killer(KillerKind.KERNEL, OptionalInt.empty(), Optional.of("kernel"), Optional.empty());
    public static final Killer UNKNOWN = new Killer(KillerKind.UNKNOWN, OptionalInt.empty(), Optional.empty(), Optional.empty());

    public Killer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cmdline, "cmdline");
    }

    public static Killer of(KillerKind kind, OptionalInt pid, Optional<String> name) {
        return new Killer(kind, pid, name, Optional.empty());
    }
}
