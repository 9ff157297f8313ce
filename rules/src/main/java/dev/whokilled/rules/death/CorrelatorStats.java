package dev.whokilled.rules.death;

/**
 * What a {@link DeathCorrelator} holds and what it had to let go, for the agent's health output
 * and metrics. Immutable snapshot.
 *
 * @param pendingSignals signals waiting for a death
 * @param pendingExits exits waiting for late kernel evidence
 * @param pendingEvidence kernel reports waiting for their exit
 * @param droppedSignals signals dropped because {@code maxPending} were already held
 * @param droppedEvidence kernel reports dropped because {@code maxPending} were already held
 * @param earlyExits exits explained before their settle time because {@code maxPending} were held
 * @param expiredSignals signals no death followed within the window (normal: handled SIGTERMs)
 * @param lateFacts signals and kernel reports that arrived after the death they belong to was
 *     explained, or too late to tell which process they were about; dropped, never guessed
 * @param ignoredEvidence evidence that is about no process or is not to be trusted as kernel
 *     evidence (a userspace-written OOM line), or from another boot
 */
public record CorrelatorStats(int pendingSignals, int pendingExits, int pendingEvidence, long droppedSignals,
                              long droppedEvidence, long earlyExits, long expiredSignals, long lateFacts,
                              long ignoredEvidence) {
}
