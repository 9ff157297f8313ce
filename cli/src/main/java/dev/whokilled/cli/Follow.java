package dev.whokilled.cli;

import dev.whokilled.cli.render.GapText;
import dev.whokilled.rules.death.Death;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import sun.misc.Signal;

/** Follows the agent's store until Ctrl+C or SIGTERM, for {@code watch} and {@code list -f}. */
final class Follow {
    private Follow() {
    }

    /**
     * Hands each death to {@code sink} as the agent stores them, flushing {@code out} after each, and prints each
     * gap (a stretch the agent could not observe) to {@code err} as {@code list} does, at once; from {@code since}
     * (the stored ones first), else from now. Returns when interrupted.
     */
    static void untilInterrupted(Path store, Optional<Instant> since, PrintWriter out, PrintWriter err,
                                 Consumer<Death> sink) {
        AtomicBoolean stop = new AtomicBoolean();
        Signal.handle(new Signal("INT"), s -> stop.set(true));
        Signal.handle(new Signal("TERM"), s -> stop.set(true));
        StoreAnalysis.follow(store, since, stop::get, death -> {
            sink.accept(death);
            out.flush();
        }, gap -> {
            out.flush(); // the deaths before it first, when both streams go to one terminal
            err.println(GapText.line(gap));
            err.flush();
        });
    }
}
