package dev.whokilled.rules.exit;

import dev.whokilled.rules.signal.AnySignal;
import dev.whokilled.rules.signal.DefaultAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds {@link DecodedStatus} readings from the outcome of a process, whatever form it was given in. Stateless and thread-safe. */
final class Readings {
    private Readings() {
    }

    /** It exited with {@code code}; {@code readingNotes} (how the input was read) go last. */
    static DecodedStatus exited(Interpretation how, int code, List<String> readingNotes) {
        return exited(how, code, KnownExitCodes.headline(code), readingNotes);
    }

    static DecodedStatus exited(Interpretation how, int code, String headline, List<String> readingNotes) {
        return new DecodedStatus(how, Fate.EXITED, OptionalInt.of(code), Optional.empty(), CoreDump.NOT_DUMPED,
                OptionalInt.of(code), headline, concat(KnownExitCodes.notes(code), readingNotes));
    }

    /** {@code signal} ended it; the caller has checked that its default action does. */
    static DecodedStatus killed(Interpretation how, AnySignal signal, CoreDump core, List<String> readingNotes) {
        return killed(how, signal, core, SignalDeaths.killedHeadline(signal, core), readingNotes);
    }

    static DecodedStatus killed(Interpretation how, AnySignal signal, CoreDump core, String headline, List<String> readingNotes) {
        return new DecodedStatus(how, Fate.KILLED, OptionalInt.empty(), Optional.of(signal), core,
                OptionalInt.of(signal.shellStatus()), headline, concat(SignalDeaths.killedNotes(signal, core), readingNotes));
    }

    /** {@code signal} stopped it; bash shows 128+N for a stopped job, so the shell status is kept. */
    static DecodedStatus stopped(Interpretation how, AnySignal signal, String headline, List<String> readingNotes) {
        return new DecodedStatus(how, Fate.STOPPED, OptionalInt.empty(), Optional.of(signal), CoreDump.NOT_DUMPED,
                OptionalInt.of(signal.shellStatus()), headline, concat(SignalDeaths.stoppedNotes(signal), readingNotes));
    }

    /** When the default action dumps core but the status seen does not carry the core bit. */
    static CoreDump unknownCore(AnySignal signal) {
        return signal.defaultAction() == DefaultAction.CORE ? CoreDump.UNKNOWN : CoreDump.NOT_DUMPED;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
