package dev.whokilled.cli;

import dev.whokilled.cli.render.Terminal;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Termination;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One line per death for {@code list} and {@code watch}: time, pid, name, cause, killer, why. Stateless. */
final class DeathLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private DeathLines() {
    }

    static String line(Death death) {
        Termination t = death.termination();
        String when = t.when().wallTime().map(w -> TIME.format(w.instant())).orElse("(time unknown)     ");
        String pid = t.subject().pid().isPresent() ? String.valueOf(t.subject().pid().getAsInt()) : "-";
        String killer = t.killer().name().map(Terminal::escape).orElse(t.killer().kind().label())
                + (t.killer().pid().isPresent() ? "(" + t.killer().pid().getAsInt() + ")" : "");
        return String.format(Locale.ROOT, "%s  %7s  %-15s  %-20s  %-20s  %s", when, pid,
                Terminal.escape(t.subject().comm().orElse("?")), t.cause().label(), killer, Terminal.escape(t.summary()));
    }
}
