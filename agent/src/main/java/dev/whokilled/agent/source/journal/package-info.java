/**
 * The journal: {@link dev.whokilled.agent.source.journal.JournalSource} follows {@code journalctl -f -o json}
 * for the systemd, systemd-oomd and earlyoom lines the rules parse, and for the kernel's records when
 * {@code /dev/kmsg} is unreadable; it resumes by cursor and records what it could not resume as gaps.
 */
package dev.whokilled.agent.source.journal;
