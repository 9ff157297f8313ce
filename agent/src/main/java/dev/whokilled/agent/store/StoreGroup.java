package dev.whokilled.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.stream.Stream;

/**
 * Gives the store to a group, so its members can run {@code list} and {@code explain} without root:
 * the directory and every file in it get the group, and the directory the set-group-ID bit (mode
 * 2750), so files created later (segments, indexes, the checkpoint) inherit it. Files stay 0640:
 * the group reads, only root writes.
 */
public final class StoreGroup {
    /** rwxr-s---: the set-group-ID bit makes new files take the directory's group. */
    private static final int DIRECTORY_MODE = 02750;

    private StoreGroup() {
    }

    /**
     * @throws IOException if the group does not exist ("no group NAME") or the files cannot be changed
     */
    public static void apply(Path dir, String group) throws IOException {
        GroupPrincipal principal;
        try {
            principal = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("no group '" + group + "' on this machine", e);
        }
        Files.setAttribute(dir, "posix:group", principal, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:mode", DIRECTORY_MODE, LinkOption.NOFOLLOW_LINKS);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setAttribute(f, "posix:group", principal, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
