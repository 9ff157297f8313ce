package dev.whokilled.rules.evidence;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The task whose allocation invoked the OOM killer ({@code X invoked oom-killer: gfp_mask=…, order=…,
 * oom_score_adj=…}, pid from the following {@code CPU: … PID: N Comm: X} line). It is often not the victim.
 */
public record OomTrigger(String comm, OptionalInt pid, Optional<String> gfpMask, OptionalInt order,
                         OptionalInt oomScoreAdj) {
    public OomTrigger {
        Objects.requireNonNull(comm, "comm");
    }
}
