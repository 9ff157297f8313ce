/**
 * The kernel's OOM-kill counters, sampled: {@link dev.whokilled.agent.source.counters.OomCounterReader}
 * reads {@code /proc/vmstat} and each memory cgroup's counter file into an
 * {@link dev.whokilled.agent.source.counters.OomCounterSample}; the parsing is
 * {@code dev.whokilled.rules.counters}. Not yet wired into the agent's loop: nothing is stored over time.
 */
package dev.whokilled.agent.source.counters;
