/**
 * Facts the agent observes as processes die: {@link dev.whokilled.rules.live.ProcessExit} (netlink
 * proc connector), {@link dev.whokilled.rules.live.SignalSent} (tracefs signal_generate),
 * {@link dev.whokilled.rules.live.Gap} (what a source could not see), and the
 * {@link dev.whokilled.rules.live.ProcessIdentity} kept for victims and senders. Pure data; the
 * agent's sources produce them and its store keeps them.
 */
package dev.whokilled.rules.live;
