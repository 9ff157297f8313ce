package dev.whokilled.rules.death;

import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** It exited on its own with a code (reported only for the processes the settings select). */
final class ExitRule implements DeathRule {
    @Override
    public String id() {
        return "live-exit";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        return death.exit().exitCode().stream().boxed().findFirst().map(code -> new Verdict(Cause.EXIT,
                Killer.of(KillerKind.SELF, OptionalInt.of(death.pid()), death.subject().comm()),
                death.subject().describe() + " exited on its own with code " + code + "; no signal ended it.",
                List.of(), Optional.empty(), List.of(), List.of()));
    }
}
