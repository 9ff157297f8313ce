package dev.whokilled.cli.input;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this user may read the kernel log and the journal, found by trying: {@code /dev/kmsg} is
 * mode 0644 yet refuses users without CAP_SYSLOG when {@code kernel.dmesg_restrict=1}, and journal
 * files are readable only by root and the {@code systemd-journal} and {@code adm} groups, so the
 * file modes say nothing useful.
 */
public final class KernelLogAccess {
    private KernelLogAccess() {
    }

    /** Why {@code kmsg} cannot be read, or empty when it can. */
    public static Optional<String> kmsgProblem(Path kmsg, Path proc) {
        try (FileChannel ignored = FileChannel.open(kmsg, StandardOpenOption.READ)) {
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("does not exist");
        } catch (AccessDeniedException e) {
            return Optional.of(notPermitted(proc));
        } catch (IOException e) {
            return Optional.of(e.getMessage() != null && e.getMessage().contains("Operation not permitted")
                    ? notPermitted(proc) : String.valueOf(e.getMessage()));
        }
    }

    private static String notPermitted(Path proc) {
        String restrict;
        try {
            restrict = Files.readString(proc.resolve("sys/kernel/dmesg_restrict")).strip();
        } catch (IOException e) {
            restrict = "?";
        }
        return "not permitted (kernel.dmesg_restrict=" + restrict + " keeps the kernel log from users without"
                + " CAP_SYSLOG: run as root)";
    }

    /** Why {@code journalctl} cannot read the journal (its own words), or empty when it can. */
    public static Optional<String> journalProblem(Path journalctl) {
        try {
            Process p = new ProcessBuilder(List.of(journalctl.toString(), "-q", "-n", "0", "--no-pager"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] err = p.getErrorStream().readNBytes(4096);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("journalctl did not answer within 10 s");
            }
            if (p.exitValue() == 0) {
                return Optional.empty();
            }
            String said = new String(err, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            return Optional.of("journalctl exited with status " + p.exitValue() + (said.isEmpty() ? "" : ": " + said)
                    + (said.contains("permission") ? " (run as root, or as a member of the systemd-journal or adm group)"
                    : ""));
        } catch (IOException e) {
            return Optional.of("cannot run " + journalctl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
