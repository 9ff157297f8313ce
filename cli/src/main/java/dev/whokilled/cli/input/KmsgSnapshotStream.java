package dev.whokilled.cli.input;

import java.util.Optional;
import java.nio.charset.StandardCharsets;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.reader.KmsgRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The records currently in the kernel ring buffer, read from {@code /dev/kmsg} as a stream of
 * {@code prio,seq,usec,flags;text} lines that ends when the buffer is drained. Not thread-safe.
 *
 * <p>Each {@code read(2)} on {@code /dev/kmsg} returns exactly one record and needs a buffer that
 * holds a whole one (the kernel formats into 8 KiB and rejects smaller reads with EINVAL), and at
 * the newest record it blocks. Plain Java cannot open it non-blocking, so a reader thread copies
 * records to a queue and the stream ends after {@code idle} without a new record; closing the
 * channel wakes the blocked thread. An overwritten record (EPIPE, "Broken pipe") is skipped: the
 * next read returns the oldest surviving one, and the sequence gap shows the loss.
 */
public final class KmsgSnapshotStream extends InputStream {
    private static final byte[] END = new byte[0];
    private static final int RECORD_BUFFER = 16 * 1024;

    private final FileChannel channel;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4096);
    private final long idleMillis;
    private final Thread reader;
    private volatile IOException failure;
    /** The first record read: the ring's oldest when the snapshot began. */
    private volatile byte[] oldest;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    public KmsgSnapshotStream(Path kmsg, long idleMillis) throws IOException {
        this.channel = FileChannel.open(kmsg, StandardOpenOption.READ);
        this.idleMillis = idleMillis;
        this.reader = new Thread(this::pump, "kmsg-snapshot");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        ByteBuffer buf = ByteBuffer.allocate(RECORD_BUFFER);
        try {
            while (true) {
                buf.clear();
                int n;
                try {
                    n = channel.read(buf);
                } catch (ClosedChannelException closed) {
                    return;
                } catch (IOException e) {
                    if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
                        continue; // records were overwritten while we read; go on from the oldest survivor
                    }
                    throw e;
                }
                if (n < 0) {
                    return;
                }
                byte[] record = new byte[n];
                buf.flip();
                buf.get(record);
                if (oldest == null) {
                    oldest = record;
                }
                queue.put(record);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queue.offer(END);
        }
    }

    /** The ring's oldest record when the snapshot began, once it has been read; empty before, or if it is no record. */
    public Optional<KernelRecord> oldestRecord() {
        byte[] first = oldest;
        return first == null ? Optional.empty() : KmsgRecords.parse(new String(first, StandardCharsets.UTF_8));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos >= current.length) {
            if (ended) {
                return -1;
            }
            byte[] next;
            try {
                next = queue.poll(idleMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading /dev/kmsg", e);
            }
            if (next == null || next == END) {
                ended = true;
                channel.close();
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            current = next;
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        ended = true;
        channel.close();
    }
}
