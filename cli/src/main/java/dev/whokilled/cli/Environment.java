package dev.whokilled.cli;

import dev.whokilled.cli.render.Terminal;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands take from the machine: the clock, standard input, the kernel log device, the
 * proc root (the kernel's counters, the boot id), the environment variables (pager, colour) and
 * whether standard output is a terminal.
 * Injected through {@link Cli#newCommandLine(java.io.PrintWriter, java.io.PrintWriter, Environment)} so
 * tests replace them instead of mutating the JVM.
 */
public record Environment(Clock clock, InputStream stdin, Path kmsg, Path proc, Map<String, String> variables,
                          boolean stdoutIsTerminal) {
    public Environment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(kmsg, "kmsg");
        Objects.requireNonNull(proc, "proc");
        variables = Map.copyOf(variables);
    }

    /** Not a terminal, no variables: what tests and pipes see. */
    public Environment(Clock clock, InputStream stdin, Path kmsg, Path proc) {
        this(clock, stdin, kmsg, proc, Map.of(), false);
    }

    /** With this machine's {@code /proc}. */
    public Environment(Clock clock, InputStream stdin, Path kmsg) {
        this(clock, stdin, kmsg, Path.of("/proc"));
    }

    /** This machine's. */
    public static Environment system() {
        return new Environment(new SystemClock(), System.in, Path.of("/dev/kmsg"), Path.of("/proc"),
                System.getenv(), Terminal.isTerminal(Path.of("/proc/self/fd/1")));
    }

    /**
     * The system clock in this machine's zone, like {@link Clock#systemDefaultZone()}, except that the zone
     * is looked up when first asked for: that reads the time-zone database, ~10 ms of a cold start that
     * most commands never use. Thread-safe (two threads may both look the zone up; they find the same).
     */
    private static final class SystemClock extends Clock {
        private volatile ZoneId zone;

        @Override
        public ZoneId getZone() {
            ZoneId z = zone;
            if (z == null) {
                z = ZoneId.systemDefault();
                zone = z;
            }
            return z;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return Clock.system(other);
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }
    }

    /** Colour on standard output: a terminal that can show it, and no {@code NO_COLOR} (no-color.org). */
    boolean colour() {
        return stdoutIsTerminal && variables.getOrDefault("NO_COLOR", "").isEmpty()
                && !"dumb".equals(variables.get("TERM"));
    }
}
