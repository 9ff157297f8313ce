package dev.whokilled.rules.live;

import java.time.Instant;

/**
 * Something the agent observed as it happened: an exit, a fatal signal, a gap in what it could
 * see. Facts are what the store keeps; explanations are computed from them when read.
 */
public sealed interface Fact permits ProcessExit, SignalSent, Gap {
    /** The agent's wall clock when it observed the fact. */
    Instant observedAt();
}
