package dev.whokilled.agent.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The store's size and age limits, immutable, validated once here: an invalid value is an error,
 * never corrected.
 *
 * @param maxSegmentBytes a segment is closed and a new one started before a write would take it past
 *     this size (a single entry larger than it gets a segment of its own)
 * @param maxTotalBytes the oldest segments are deleted while all segments together exceed this
 * @param maxAge segments whose every entry is older than this are deleted
 */
public record StoreConfig(long maxSegmentBytes, long maxTotalBytes, Duration maxAge) {
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 512L << 20;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

    public StoreConfig {
        if (maxSegmentBytes <= 0) {
            throw new IllegalArgumentException("store.maxSegmentBytes must be positive, got " + maxSegmentBytes);
        }
        if (maxTotalBytes <= 0) {
            throw new IllegalArgumentException("store.maxTotalBytes must be positive, got " + maxTotalBytes);
        }
        if (maxTotalBytes < maxSegmentBytes) {
            throw new IllegalArgumentException("store.maxTotalBytes must be at least store.maxSegmentBytes ("
                    + maxSegmentBytes + "), got " + maxTotalBytes);
        }
        Objects.requireNonNull(maxAge, "store.maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("store.maxAge must be positive, got " + maxAge);
        }
    }

    /** 64 MiB segments, 512 MiB in all, 30 days. */
    public static StoreConfig defaults() {
        return new StoreConfig(DEFAULT_MAX_SEGMENT_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_AGE);
    }
}
