package dev.whokilled.rules.evidence;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One row of the OOM report's task table ({@code [  pid  ]   uid  tgid total_vm rss …}). Memory
 * values are in pages, as the kernel prints them. Columns that a kernel generation does not print
 * are empty: {@code rss_anon}/{@code rss_file}/{@code rss_shmem} since 5.x; page tables as
 * {@code nr_ptes} (pages, up to 4.14), {@code pgtables_bytes} (bytes, 4.15+).
 */
public record OomCandidate(int pid, OptionalLong uid, OptionalLong tgid, long totalVmPages, long rssPages,
                           OptionalLong rssAnonPages, OptionalLong rssFilePages, OptionalLong rssShmemPages,
                           OptionalLong pgtablesBytes, long swapEntries, int oomScoreAdj, String name) {
    public OomCandidate {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        Objects.requireNonNull(name, "name");
    }
}
