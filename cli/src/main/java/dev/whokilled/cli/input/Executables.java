package dev.whokilled.cli.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs on {@code $PATH}, as a shell would. Stateless. */
public final class Executables {
    private Executables() {
    }

    public static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
