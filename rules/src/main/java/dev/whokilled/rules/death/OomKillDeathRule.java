package dev.whokilled.rules.death;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.OomFinding;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.SignalSent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Died by SIGKILL, and the kernel OOM killer reported killing it ({@code Killed process} line) or
 * the trace shows the kernel's own SIGKILL (si_code SI_KERNEL), which is how the OOM killer sends it.
 */
final class OomKillDeathRule implements DeathRule {
    private static final int SIGKILL = 9;

    @Override
    public String id() {
        return "live-oom-kill";
    }

    @Override
    public Optional<Verdict> apply(DeathCase death) {
        if (death.deathSignal().orElse(0) != SIGKILL) {
            return Optional.empty();
        }
        Optional<OomKill> report = death.evidence(OomKill.class).filter(k -> k.victim().pid() == death.pid()).findFirst();
        Optional<SignalSent> kernelKill = death.signals(SIGKILL).filter(s -> s.code() == SiCodes.SI_KERNEL)
                .reduce((a, b) -> b);
        if (report.isEmpty() && kernelKill.isEmpty()) {
            return Optional.empty();
        }
        List<Fact> facts = kernelKill.<List<Fact>>map(List::of).orElse(List.of());
        List<String> notes = new ArrayList<>();
        String summary;
        if (report.isPresent()) {
            summary = LogView.summary(report.get()).orElseThrow();
            if (kernelKill.isEmpty()) {
                notes.add("The kernel's SIGKILL was not in the signal trace; the OOM report alone names the killer.");
            }
        } else {
            summary = death.subject().describe() + " was killed by the kernel with SIGKILL (si_code SI_KERNEL), which is"
                    + " how the OOM killer kills; its OOM report was not in the kernel log the agent read.";
            notes.add("Without the report the memory cgroup, limit and victim ranking are unknown; the kernel also"
                    + " sends SI_KERNEL SIGKILL when a hard RLIMIT_CPU runs out. Check the kernel log (journalctl -k)"
                    + " and the cgroup's memory.events oom_kill counter.");
        }
        List<Evidence> cited = report.<List<Evidence>>map(List::of).orElse(List.of());
        return Optional.of(new Verdict(Cause.OOM_KILL, Killer.KERNEL, summary, notes, report.map(OomFinding::of), facts,
                cited));
    }
}
