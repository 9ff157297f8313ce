/**
 * The few libc calls the agent makes through JNA, for sockets Java 17 cannot open itself: the proc connector's
 * netlink socket ({@code agent.source.proc}) and the journal's AF_UNIX datagram socket ({@code agent.export.journal}).
 * {@link dev.whokilled.agent.libc.Errno} names the errno values they fail with.
 */
package dev.whokilled.agent.libc;
