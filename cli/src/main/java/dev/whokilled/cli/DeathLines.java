package dev.whokilled.cli;

import dev.whokilled.cli.render.GapText;
import dev.whokilled.cli.render.Terminal;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Termination;
import java.util.Locale;

/** One line per death for {@code list} and {@code watch}: time, pid, name, cause, killer, why. Stateless. */
final class DeathLines {
    private DeathLines() {
    }

    static String line(Death death) {
        Termination t = death.termination();
        String when = t.when().wallTime().map(w -> GapText.utc(w.instant())).orElse("(time unknown)     ");
        String pid = t.subject().pid().isPresent() ? String.valueOf(t.subject().pid().getAsInt()) : "-";
        String killer = t.killer().name().map(Terminal::escape).orElse(t.killer().kind().label())
                + (t.killer().pid().isPresent() ? "(" + t.killer().pid().getAsInt() + ")" : "");
        return String.format(Locale.ROOT, "%s  %7s  %-15s  %-20s  %-20s  %s", when, pid,
                Terminal.escape(t.subject().comm().orElse("?")), t.cause().label(), killer, Terminal.escape(t.summary()));
    }
}
