package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.ServiceEventKind;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The evidence gathered about one death: the facts that the correlator judged to be about the same
 * process (or unit) at about the same time, in log order. Immutable.
 */
public record Incident(List<Evidence> evidence) {
    public Incident {
        evidence = List.copyOf(evidence);
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("an incident needs at least one piece of evidence");
        }
    }

    public static Incident of(Evidence... evidence) {
        return new Incident(List.of(evidence));
    }

    /** The evidence of one kind, in log order. */
    public <T extends Evidence> Stream<T> all(Class<T> type) {
        return evidence.stream().filter(type::isInstance).map(type::cast);
    }

    /** The first evidence of one kind. */
    public <T extends Evidence> Optional<T> first(Class<T> type) {
        return all(type).findFirst();
    }

    /** The first supervisor message of one kind. */
    public Optional<ServiceEvent> service(ServiceEventKind kind) {
        return all(ServiceEvent.class).filter(e -> e.kind() == kind).findFirst();
    }

    /** A copy with one more piece of evidence. */
    public Incident with(Evidence more) {
        return new Incident(Stream.concat(evidence.stream(), Stream.of(more)).toList());
    }
}
