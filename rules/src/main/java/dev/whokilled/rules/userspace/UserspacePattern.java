package dev.whokilled.rules.userspace;

import dev.whokilled.rules.evidence.ServiceEventKind;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of the pattern table: which writer, which message, and what evidence a match becomes. Immutable and
 * thread-safe ({@link Pattern} is).
 *
 * @param id stable name, cited by the evidence it produces ({@code systemd.failed-result})
 * @param line 1-based line of the table it came from, for error messages
 * @param identifier must match the writer's syslog identifier in full ({@code systemd}, {@code earlyoom})
 * @param message must match the message body in full; its named groups fill {@link Field}s
 * @param serviceEvent the kind of {@code ServiceEvent} a match makes; empty means a {@code UserspaceKill}
 * @param groups the fields the message regex captures
 * @param fixed fields with a constant value (or {@link Field#WRITER})
 */
record UserspacePattern(String id, int line, Pattern identifier, Pattern message,
                        Optional<ServiceEventKind> serviceEvent, Set<Field> groups, Map<Field, String> fixed) {
    UserspacePattern {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(serviceEvent, "serviceEvent");
        groups = Set.copyOf(groups);
        fixed = Map.copyOf(fixed);
        if (id.isBlank()) {
            throw new IllegalArgumentException("pattern id must not be blank (line " + line + ")");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive: " + line);
        }
    }

    /** Whether a match makes a {@code UserspaceKill} rather than a {@code ServiceEvent}. */
    boolean isKill() {
        return serviceEvent.isEmpty();
    }
}
