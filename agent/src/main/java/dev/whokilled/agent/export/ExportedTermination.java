package dev.whokilled.agent.export;

import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Termination;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A termination on its way to the exports, with an id that names this death: the same death gives
 * the same id however often it is explained (a shipper's duplicate filter keys on it), two deaths
 * never share one.
 *
 * @param id a name-based UUID of the boot, pid, kernel time, cause and process name
 * @param death the explanation and the facts it rests on
 */
public record ExportedTermination(String id, Death death) {
    public ExportedTermination {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(death, "death");
    }

    public static ExportedTermination of(Death death) {
        Termination t = death.termination();
        // The exit's CLOCK_MONOTONIC ns when it was observed; else the kernel report's µs (a death known from the log).
        String when = death.exit().map(e -> "ns" + e.monotonicNanos())
                .orElseGet(() -> t.when().monotonicMicros().isPresent() ? "us" + t.when().monotonicMicros().getAsLong()
                        : "at" + t.when().wallTime().map(w -> w.instant().toString()).orElse("?"));
        String name = String.join("|", t.when().bootId().orElse("?"), t.subject().pid().isPresent()
                ? Integer.toString(t.subject().pid().getAsInt()) : "?", when, t.cause().label(),
                t.subject().comm().orElse("?"));
        return new ExportedTermination(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(), death);
    }

    public Termination termination() {
        return death.termination();
    }
}
