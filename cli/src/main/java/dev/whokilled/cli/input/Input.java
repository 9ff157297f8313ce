package dev.whokilled.cli.input;

import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One log to analyze: where it comes from, how to open it, and what is known about it up front.
 *
 * @param name shown to the user ({@code kern.log}, {@code /dev/kmsg}, {@code stdin})
 * @param format the rendering when the source fixes it (live sources); empty to detect it
 * @param bootClock the boot time when the log is this machine's current boot, so kernel stamps get a wall time
 * @param file the regular file the opener reads, if it is one: then its parts may be read side by side
 * @param ring the kernel's ring buffer ({@code /dev/kmsg}) when the opener reads it: it may no longer hold the
 *     start of the boot, which the user is told ({@link KmsgRing#lostStart})
 */
public record Input(String name, Opener opener, Optional<LogFormat> format, Optional<BootClock> bootClock,
                    Optional<Path> file, Optional<KmsgRing> ring) {
    /** Opens the byte stream; called once. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public Input {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(bootClock, "bootClock");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(ring, "ring");
    }
}
