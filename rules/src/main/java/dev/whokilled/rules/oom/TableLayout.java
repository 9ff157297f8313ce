package dev.whokilled.rules.oom;

import java.util.List;
import java.util.Objects;

/**
 * The columns of an OOM report's task table, as named by its header line; rows are read by the
 * layout of the last header seen. Immutable.
 *
 * <p>The layouts printed by {@code dump_tasks()} in mm/oom_kill.c (the {@code [ pid ]} column is not
 * listed here; {@code name} is always last and is the rest of the line):
 * <ul>
 *   <li>2.6.32 (RHEL 6): {@code uid tgid total_vm rss cpu oom_adj oom_score_adj name}</li>
 *   <li>3.x to 4.0 (RHEL 7's 3.10): {@code uid tgid total_vm rss nr_ptes swapents oom_score_adj name}</li>
 *   <li>4.1 to 4.14: {@code uid tgid total_vm rss nr_ptes nr_pmds swapents oom_score_adj name}</li>
 *   <li>4.15 to 5.x: {@code uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name}</li>
 *   <li>6.x: {@code uid tgid total_vm rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name}</li>
 * </ul>
 * Any other column list is accepted as long as it ends with {@code name}; rows then need
 * {@code total_vm}, {@code rss} and {@code oom_score_adj} to become candidates.
 *
 * @param columns column names after {@code [ pid ]}, ending with {@code name}
 */
public record TableLayout(List<String> columns) {
    public TableLayout {
        columns = List.copyOf(columns);
        if (columns.isEmpty() || !"name".equals(columns.get(columns.size() - 1))) {
            throw new IllegalArgumentException("a task-table layout ends with the name column: " + columns);
        }
        for (String c : columns) {
            Objects.requireNonNull(c, "column");
        }
    }

    /** How many numeric columns follow the bracketed pid. */
    public int numericColumns() {
        return columns.size() - 1;
    }

    /** Position of a numeric column, or -1 when this layout does not print it. */
    public int indexOf(String column) {
        int i = columns.indexOf(column);
        return i == columns.size() - 1 ? -1 : i;
    }
}
