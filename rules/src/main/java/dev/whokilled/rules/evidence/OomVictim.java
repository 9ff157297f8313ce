package dev.whokilled.rules.evidence;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The process the OOM killer chose, from its {@code Killed process} line (and, on old kernels, the
 * preceding {@code Kill process N (x) score S or sacrifice child}). Memory figures are in kB as the
 * kernel prints them; absent when the kernel generation does not print them.
 */
public record OomVictim(int pid, String comm, OptionalLong uid, OptionalLong totalVmKb, OptionalLong anonRssKb,
                        OptionalLong fileRssKb, OptionalLong shmemRssKb, OptionalLong pgtablesKb,
                        OptionalInt oomScoreAdj, OptionalLong score) {
    public OomVictim {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        Objects.requireNonNull(comm, "comm");
    }
}
