package dev.whokilled.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The store's permission policy, stateless: directory 0750, files 0640, nothing world-writable.
 *
 * <p>Command lines can hold secrets, so nothing is world-readable; a world-writable store would let
 * any user forge the records that frame a process, so it is refused rather than fixed. Modes are
 * set explicitly after creation: the creation attribute alone is filtered by the umask, which can
 * narrow (0600) but should not decide the mode either way.
 */
final class FileModes {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");

    private FileModes() {
    }

    static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    /** Creates the store directory (and missing parents, with default modes) and sets it to 0750. */
    static void createDirectory(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    static void setFileMode(Path file) throws IOException {
        Files.setPosixFilePermissions(file, FILE);
    }

    /** Throws if {@code path} (not followed, if a link) is writable by others. */
    static void refuseWorldWritable(Path path, String what) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(what + " " + path + " is world-writable (mode " + octal(perms)
                    + "); refusing to use it, since any user could forge or delete records (chmod o-w it, or"
                    + " choose another store directory)");
        }
    }

    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }
}
