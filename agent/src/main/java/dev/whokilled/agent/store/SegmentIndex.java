package dev.whokilled.agent.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The sidecar index of a sealed segment: for each pid, the offsets of the lines found under it
 * ({@link PidKeys#of}), and the offsets every pid's explanation reads (kernel records, gaps, exits
 * that start a boot). Immutable, so thread-safe.
 *
 * <p>It lives next to its segment as {@code events-...jsonl.idx}, mode 0640, and records the
 * segment's size and modification time: an index whose segment has another size or time is stale,
 * and one that is torn or fails its CRC is ignored, so the reader falls back to scanning and never
 * answers from a wrong index. The writer builds it in memory as it appends and writes it when the
 * segment is sealed at rotation; a reader rebuilds a missing or stale one when it may write there
 * ({@link StoreReader#scanPid}).
 */
final class SegmentIndex {
    static final String SUFFIX = ".idx";
    private static final long MAGIC = 0x574b_4944_5801_0000L; // "WKIDX", version 1

    private final long segmentSize;
    private final long segmentMtimeMillis;
    /** Sorted by pid, then offset; {@code offsets[i]} is a line of {@code pids[i]}. */
    private final int[] pids;
    private final long[] offsets;
    /** Sorted. */
    private final long[] always;

    private SegmentIndex(long segmentSize, long segmentMtimeMillis, int[] pids, long[] offsets, long[] always) {
        this.segmentSize = segmentSize;
        this.segmentMtimeMillis = segmentMtimeMillis;
        this.pids = pids;
        this.offsets = offsets;
        this.always = always;
    }

    static Path pathOf(Path segment) {
        return segment.resolveSibling(segment.getFileName() + SUFFIX);
    }

    /** The offsets of the lines explaining {@code pid} needs, ascending, each once (a boot's first exit may be its own). */
    long[] offsetsFor(int pid) {
        int from = firstOf(pid);
        int to = from;
        while (to < pids.length && pids[to] == pid) {
            to++;
        }
        long[] merged = new long[to - from + always.length];
        System.arraycopy(offsets, from, merged, 0, to - from);
        System.arraycopy(always, 0, merged, to - from, always.length);
        Arrays.sort(merged);
        return Arrays.stream(merged).distinct().toArray();
    }

    private int firstOf(int pid) {
        int lo = 0;
        int hi = pids.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pids[mid] < pid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether this index describes the segment as it is now. */
    boolean matches(BasicFileAttributes segment) {
        return segment.size() == segmentSize && segment.lastModifiedTime().toMillis() == segmentMtimeMillis;
    }

    /**
     * The index of {@code segment}, if its sidecar is there, whole and current; empty otherwise.
     *
     * @throws IOException if the sidecar exists but cannot be read for another reason than its absence
     */
    static Optional<SegmentIndex> read(Path segment, BasicFileAttributes attributes) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pathOf(segment));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return parse(bytes).filter(index -> index.matches(attributes));
    }

    private static Optional<SegmentIndex> parse(byte[] bytes) {
        if (bytes.length < Integer.BYTES) {
            return Optional.empty();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Integer.BYTES);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt(bytes.length - Integer.BYTES) != (int) crc.getValue()) {
            return Optional.empty(); // torn or damaged
        }
        try {
            if (in.getLong() != MAGIC) {
                return Optional.empty();
            }
            long size = in.getLong();
            long mtime = in.getLong();
            int n = in.getInt();
            if (n < 0 || n > in.remaining() / (Integer.BYTES + Long.BYTES)) {
                return Optional.empty();
            }
            int[] pids = new int[n];
            long[] offsets = new long[n];
            for (int i = 0; i < n; i++) {
                pids[i] = in.getInt();
                offsets[i] = in.getLong();
            }
            int a = in.getInt();
            if (a < 0 || a > in.remaining() / Long.BYTES) {
                return Optional.empty();
            }
            long[] always = new long[a];
            for (int i = 0; i < always.length; i++) {
                always[i] = in.getLong();
            }
            return in.remaining() == Integer.BYTES
                    ? Optional.of(new SegmentIndex(size, mtime, pids, offsets, always)) : Optional.empty();
        } catch (BufferUnderflowException e) {
            return Optional.empty(); // shorter than its counts say: not an index we wrote
        }
    }

    /**
     * Writes the sidecar of {@code segment} atomically (a temporary file renamed over it), mode 0640.
     * A crash leaves the old sidecar or none, never a torn one under the real name.
     */
    void write(Path segment) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 12 * pids.length + 8 * always.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeLong(segmentSize);
            out.writeLong(segmentMtimeMillis);
            out.writeInt(pids.length);
            for (int i = 0; i < pids.length; i++) {
                out.writeInt(pids[i]);
                out.writeLong(offsets[i]);
            }
            out.writeInt(always.length);
            for (long offset : always) {
                out.writeLong(offset);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        }
        Path target = pathOf(segment);
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp", FileModes.fileAttribute());
        try {
            FileModes.setFileMode(tmp);
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Indexes a segment by decoding every line, as the writer would have. */
    static SegmentIndex build(FileChannel channel, BasicFileAttributes attributes) throws IOException {
        Builder builder = new Builder();
        LineScanner.readLines(channel, 0, new LineScanner.LineSink() {
            @Override
            public void line(byte[] buf, int off, int len, long fileOffset) {
                if (EntryCodec.decode(buf, off, len) instanceof EntryCodec.Entry e) {
                    builder.add(e.entry(), fileOffset);
                }
            }

            @Override
            public void overlong(long fileOffset, long length) {
            }
        });
        return builder.build(attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    /** Collects a segment's index as its lines are written or read; not thread-safe. */
    static final class Builder {
        private int[] pids = new int[1024];
        private long[] offsets = new long[1024];
        private int n;
        private long[] always = new long[64];
        private int alwaysCount;
        private Optional<String> boot = Optional.empty();

        /** How far the builder got: {@link #reset} goes back there when the lines added since were not written. */
        record Mark(int entries, int always, Optional<String> boot) {
        }

        Mark mark() {
            return new Mark(n, alwaysCount, boot);
        }

        void reset(Mark mark) {
            n = mark.entries();
            alwaysCount = mark.always();
            boot = mark.boot();
        }

        /** Adds the entry stored at {@code offset}; offsets must increase. */
        void add(StoreEntry entry, long offset) {
            Optional<String> exitBoot = PidKeys.exitBoot(entry);
            boolean bootStarts = exitBoot.isPresent() && !exitBoot.equals(boot);
            if (exitBoot.isPresent()) {
                boot = exitBoot;
            }
            if (bootStarts || PidKeys.always(entry)) {
                if (alwaysCount == always.length) {
                    always = Arrays.copyOf(always, 2 * alwaysCount);
                }
                always[alwaysCount++] = offset;
            }
            for (int pid : PidKeys.of(entry)) {
                if (n == pids.length) {
                    pids = Arrays.copyOf(pids, 2 * n);
                    offsets = Arrays.copyOf(offsets, 2 * n);
                }
                pids[n] = pid;
                offsets[n++] = offset;
            }
        }

        SegmentIndex build(long segmentSize, long segmentMtimeMillis) {
            // pid and position packed in one long: a primitive sort keeps each pid's offsets ascending
            long[] order = new long[n];
            for (int i = 0; i < n; i++) {
                order[i] = (long) pids[i] << 32 | i;
            }
            Arrays.sort(order);
            int[] sortedPids = new int[n];
            long[] sortedOffsets = new long[n];
            for (int i = 0; i < n; i++) {
                int at = (int) order[i];
                sortedPids[i] = pids[at];
                sortedOffsets[i] = offsets[at];
            }
            return new SegmentIndex(segmentSize, segmentMtimeMillis, sortedPids, sortedOffsets,
                    Arrays.copyOf(always, alwaysCount));
        }
    }
}
