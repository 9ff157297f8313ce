package dev.whokilled.agent.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
}
