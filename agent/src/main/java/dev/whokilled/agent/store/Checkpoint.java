package dev.whokilled.agent.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the kernel-log sources resume after a restart; immutable.
 *
 * <p>A kmsg sequence number means something only within one boot, so it is kept with the boot id;
 * the agent must advance a checkpoint only after the records it covers were flushed, so a crash
 * repeats nothing it stored and skips nothing it did not.
 *
 * @param bootId {@code /proc/sys/kernel/random/boot_id} of the boot {@code kmsgSeq} belongs to
 * @param kmsgSeq the sequence number of the last kmsg record stored
 * @param journalCursor the cursor of the last journal entry stored
 */
public record Checkpoint(Optional<String> bootId, OptionalLong kmsgSeq, Optional<String> journalCursor) {
    public Checkpoint {
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(kmsgSeq, "kmsgSeq");
        Objects.requireNonNull(journalCursor, "journalCursor");
        if (kmsgSeq.isPresent() && kmsgSeq.getAsLong() < 0) {
            throw new IllegalArgumentException("kmsgSeq must not be negative: " + kmsgSeq.getAsLong());
        }
    }
}
