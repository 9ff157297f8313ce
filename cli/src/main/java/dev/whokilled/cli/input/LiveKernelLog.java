package dev.whokilled.cli.input;

import dev.whokilled.cli.CliException;
import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds this machine's kernel log: {@code /dev/kmsg} (this boot, with facilities, so forged lines
 * can be told apart), else the journal's kernel records via {@code journalctl}. Earlier boots are
 * only in the journal. Immutable.
 */
public final class LiveKernelLog {
    private final Path kmsg;
    private final Path proc;
    private final Clock clock;

    public LiveKernelLog(Path kmsg, Path proc, Clock clock) {
        this.kmsg = kmsg;
        this.proc = proc;
        this.clock = clock;
    }

    /**
     * The input for a boot: empty = the current boot from kmsg (or the journal), {@code 0}/{@code -1}/…
     * as journalctl's {@code -b}.
     */
    public Input open(OptionalInt boot) {
        List<String> why = new ArrayList<>();
        if (boot.isEmpty()) {
            Optional<String> problem = KernelLogAccess.kmsgProblem(kmsg, proc);
            if (problem.isEmpty()) {
                KmsgRing ring = new KmsgRing(kmsg);
                return new Input(kmsg.toString(), ring::open, Optional.of(LogFormat.KMSG), Optional.of(currentBootClock()),
                        Optional.empty(), Optional.of(ring));
            }
            why.add(kmsg + ": " + problem.get());
        }
        Optional<Path> journalctl = Executables.onPath("journalctl");
        Optional<String> journalProblem = journalctl.flatMap(KernelLogAccess::journalProblem);
        if (journalctl.isPresent() && journalProblem.isEmpty()) {
            String bootArg = String.valueOf(boot.orElse(0));
            List<String> cmd = List.of(journalctl.get().toString(), "-o", "json", "--no-pager", "-q",
                    "_TRANSPORT=kernel", "-b", bootArg);
            return new Input("journal (boot " + bootArg + ")", () -> journal(cmd), Optional.of(LogFormat.JOURNAL_JSON),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        journalProblem.ifPresent(p -> why.add("journal: " + p));
        if (journalctl.isEmpty()) {
            why.add("journalctl: not installed");
        }
        throw new CliException(dev.whokilled.cli.ExitCodes.USAGE,
                "cannot read this machine's kernel log: " + String.join("; ", why)
                        + ". Pass a log file instead: whokilled analyze FILE");
    }

    /**
     * The wall time of boot, as the kernel's monotonic clock sees it. HotSpot's {@code nanoTime} on
     * Linux is CLOCK_MONOTONIC, the clock printk stamps use (both stop during suspend), so this
     * converts the current boot's stamps like {@code dmesg -T} does.
     */
    private BootClock currentBootClock() {
        Instant now = clock.instant();
        return new BootClock(now.minusNanos(System.nanoTime()));
    }

    private static InputStream journal(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        return p.getInputStream();
    }
}
