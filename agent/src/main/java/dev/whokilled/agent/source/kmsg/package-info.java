/**
 * The live kernel log: {@link dev.whokilled.agent.source.kmsg.KmsgSource} follows {@code /dev/kmsg},
 * resumes from a checkpointed sequence, and reports what the ring buffer overwrote as gaps.
 */
package dev.whokilled.agent.source.kmsg;
