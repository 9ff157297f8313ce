package dev.whokilled.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What the commands take from the machine: the clock, standard input, the kernel log device and
 * the proc root (the kernel's counters, the boot id).
 * Injected through {@link Cli#newCommandLine(java.io.PrintWriter, java.io.PrintWriter, Environment)} so
 * tests replace them instead of mutating the JVM.
 */
public record Environment(Clock clock, InputStream stdin, Path kmsg, Path proc) {
    public Environment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(kmsg, "kmsg");
        Objects.requireNonNull(proc, "proc");
    }

    /** With this machine's {@code /proc}. */
    public Environment(Clock clock, InputStream stdin, Path kmsg) {
        this(clock, stdin, kmsg, Path.of("/proc"));
    }

    /** This machine's. */
    public static Environment system() {
        return new Environment(Clock.systemDefaultZone(), System.in, Path.of("/dev/kmsg"));
    }
}
