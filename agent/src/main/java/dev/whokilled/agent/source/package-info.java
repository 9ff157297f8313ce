/**
 * The agent's sources, one package per kernel interface: {@code kmsg} (the kernel log),
 * {@code journal} (journalctl: systemd and userspace OOM killers, or kernel records when kmsg is
 * unreadable), {@code proc} (exits from the netlink proc connector, and process identities),
 * {@code trace} (fatal signals and their senders from tracefs), {@code counters} (the kernel's OOM
 * counters). The two log sources hand records to a {@link dev.whokilled.agent.source.LogSink}.
 * Every source tells a {@link dev.whokilled.agent.source.StopListener} when its reader stops on its
 * own, so the agent can mark it down and start it again.
 */
package dev.whokilled.agent.source;
