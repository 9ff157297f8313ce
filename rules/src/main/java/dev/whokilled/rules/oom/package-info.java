/**
 * The kernel OOM killer's report, from log records to evidence.
 *
 * <p>Map:
 * <ul>
 *   <li>{@link dev.whokilled.rules.oom.OomLineParser}: one message to an {@link dev.whokilled.rules.oom.OomParseOutcome}
 *       ({@code Parsed(OomLine)}, {@code Ignored}, {@code Malformed}); pure. The class doc lists each format string
 *       and the kernel versions that print it.</li>
 *   <li>{@link dev.whokilled.rules.oom.OomLine}: the recognised lines (header, trigger, memcg counters, task table
 *       header and rows by {@link dev.whokilled.rules.oom.TableLayout}, summary, verdict, kill, group notice,
 *       reaper, no-killable).</li>
 *   <li>{@link dev.whokilled.rules.oom.OomPreparse}: a parse done ahead on another thread (the CLI's
 *       reading threads) with a guessed table layout; the assembler uses it only where the guess cannot
 *       change the outcome, so results are the same with or without it.</li>
 *   <li>{@link dev.whokilled.rules.oom.OomReportAssembler}: streams records into
 *       {@link dev.whokilled.rules.evidence.OomKill} and {@link dev.whokilled.rules.evidence.OomNoVictim}; keyed on
 *       the {@code Killed process} line, bounded, ignores userspace-origin records.</li>
 *   <li>{@link dev.whokilled.rules.oom.VictimRanking}: recomputes {@code oom_badness()} from the task table and says
 *       in a sentence why the victim was chosen ({@link dev.whokilled.rules.oom.VictimChoice},
 *       {@link dev.whokilled.rules.oom.RankedCandidate}).</li>
 * </ul>
 *
 * <p>Known gaps in the shared contract (kept as they are; see the branch report): {@code OomCandidate.swapEntries}
 * is a plain {@code long}, so a 2.6.32 table (no {@code swapents} column) gives 0 for it; {@code nr_ptes} (pages,
 * up to 4.14) is stored in {@code pgtablesBytes} as pages × 4096; {@code OomKill} has no field for a global OOM's
 * totalpages ({@code N pages RAM} + swap), which the parser reads but the assembler cannot pass on, so
 * {@link dev.whokilled.rules.oom.VictimRanking#rank(dev.whokilled.rules.evidence.OomKill)} knows totalpages only
 * for memcg OOMs.
 */
package dev.whokilled.rules.oom;
