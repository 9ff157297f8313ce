package dev.whokilled.rules.record;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who wrote a record, as far as the rendering tells.
 *
 * @param origin kernel, userspace, or not determinable
 * @param facility syslog facility (0 = kernel), when the rendering carries it
 * @param level syslog level 0-7, when the rendering carries it
 * @param identifier syslog tag / journal {@code SYSLOG_IDENTIFIER} ({@code kernel}, {@code systemd}, {@code earlyoom}), when present
 * @param pid the writer's pid from {@code ident[pid]:} or {@code _PID}/{@code SYSLOG_PID}, when present
 */
public record Provenance(Origin origin, OptionalInt facility, OptionalInt level, Optional<String> identifier, OptionalInt pid) {
    public Provenance {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(facility, "facility");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(pid, "pid");
        if (level.isPresent() && (level.getAsInt() < 0 || level.getAsInt() > 7)) {
            throw new IllegalArgumentException("level must be 0-7: " + level.getAsInt());
        }
    }

    public static Provenance of(Origin origin) {
        return new Provenance(origin, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty());
    }
}
