package dev.whokilled.agent.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** What every live test does about a missing prerequisite: skip it here, fail under {@code CI=true}, where none may be missing. */
public final class LivePrerequisites {
    private LivePrerequisites() {
    }

    public static void require(boolean met, String why) {
        if (!met && "true".equals(System.getenv("CI"))) {
            fail("cannot run in CI (CI=true): " + why);
        }
        assumeTrue(met, () -> "skipped: " + why);
    }

    /** The executable {@code name} in a directory on {@code PATH}, if there is one. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }
}
