package dev.whokilled.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What the commands take from the machine: the clock, standard input and the kernel log device.
 * Injected through {@link Cli#newCommandLine(java.io.PrintWriter, java.io.PrintWriter, Environment)} so
 * tests replace them instead of mutating the JVM.
 */
public record Environment(Clock clock, InputStream stdin, Path kmsg) {
    public Environment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(kmsg, "kmsg");
    }

    /** This machine's. */
    public static Environment system() {
        return new Environment(Clock.systemDefaultZone(), System.in, Path.of("/dev/kmsg"));
    }
}
