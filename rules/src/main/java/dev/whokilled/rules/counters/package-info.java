/**
 * Pure parsers for the kernel's OOM-kill counters and their comparison with what whokilled explains;
 * no I/O. The agent's {@code dev.whokilled.agent.source.counters} and the CLI read the files.
 *
 * <ul>
 *   <li>{@link dev.whokilled.rules.counters.KernelCounters}: {@code /proc/vmstat oom_kill}, cgroup v1
 *       {@code memory.oom_control} and v2 {@code memory.events}, to sealed
 *       {@link dev.whokilled.rules.counters.CounterOutcome}s (counted, absent, malformed) and
 *       {@link dev.whokilled.rules.counters.MemcgOomCounters}.</li>
 *   <li>{@link dev.whokilled.rules.counters.OomAccounting}: "the kernel counted N OOM kills this boot;
 *       the store explains M of them".</li>
 * </ul>
 */
package dev.whokilled.rules.counters;
