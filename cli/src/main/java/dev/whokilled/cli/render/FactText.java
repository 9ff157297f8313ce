package dev.whokilled.cli.render;

import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.signal.Signals;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One line of text for an observed fact, as the agent saw it; log strings escaped. Stateless. */
final class FactText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private FactText() {
    }

    static String describe(Fact fact) {
        if (fact instanceof ProcessExit e) {
            String how = e.signal().isPresent()
                    ? "died of " + Signals.name(e.signal().getAsInt()) + (e.coreDumped() ? ", core dumped" : "")
                    : "exited with code " + e.exitCode().orElse(-1);
            return "exit     " + TIME.format(e.observedAt()) + "  pid " + e.pid() + " " + how
                    + String.format(Locale.ROOT, " (wait status 0x%x)", e.waitStatus())
                    + (e.orphans().isEmpty() ? "" : "; " + e.orphans().size() + " child(ren) left running");
        }
        if (fact instanceof SignalSent s) {
            String sender = s.sender().flatMap(ProcessIdentity::comm).or(s::senderComm).map(Terminal::escape).orElse("?")
                    + (s.senderTgid().isPresent() ? " (pid " + s.senderTgid().getAsInt() + ")" : "")
                    + s.sender().flatMap(ProcessIdentity::cmdline).filter(c -> !c.isBlank())
                            .map(c -> " `" + Terminal.escape(c) + "`").orElse("");
            return "signal   " + TIME.format(s.observedAt()) + "  " + Signals.name(s.signal()) + " to pid " + s.targetPid()
                    + " from " + sender + ", si_code " + s.code() + (s.result() == 0 ? "" : ", result " + s.result());
        }
        Gap g = (Gap) fact;
        return "gap      " + TIME.format(g.from()) + "-" + TIME.format(g.to()) + "  " + g.source() + ": "
                + Terminal.escape(g.reason()) + (g.lost().isPresent() ? " (" + g.lost().getAsLong() + " lost)" : "");
    }
}
