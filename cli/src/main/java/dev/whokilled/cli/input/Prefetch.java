package dev.whokilled.cli.input;

import dev.whokilled.rules.reader.PartedRecords;
import dev.whokilled.rules.record.KernelRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads records on a second thread, a bounded number of batches ahead, so scanning the log and
 * explaining what was found run on two cores (and the parts of a file, on as many). The iterator
 * is for one consumer thread; a failure of the reading thread is rethrown to it.
 */
public final class Prefetch implements PartedRecords.Ahead {
    private static final int BATCH = 512;
    private static final int BATCHES_AHEAD = 64;
    private static final List<KernelRecord> END = List.of();

    private final BlockingQueue<List<KernelRecord>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread reader;
    private volatile RuntimeException failure;
    private volatile boolean closed;
    private List<KernelRecord> batch = new ArrayList<>();
    private int next;
    private boolean ended;

    public Prefetch(Iterator<KernelRecord> source) {
        reader = new Thread(() -> pump(source), "log-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(Iterator<KernelRecord> source) {
        try {
            List<KernelRecord> out = new ArrayList<>(BATCH);
            while (!closed && source.hasNext()) {
                out.add(source.next());
                if (out.size() == BATCH) {
                    hand(out);
                    out = new ArrayList<>(BATCH);
                }
            }
            if (!out.isEmpty()) {
                hand(out);
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                hand(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for room in the queue, unless the consumer has gone (closed). */
    private void hand(List<KernelRecord> batch) throws InterruptedException {
        while (!closed && !queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
            // the consumer is busy; keep waiting while it is there
        }
    }

    @Override
    public boolean hasNext() {
        while (next == batch.size() && !ended) {
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the log", e);
            }
            next = 0;
            if (batch == END) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
            }
        }
        return next < batch.size();
    }

    @Override
    public KernelRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batch.get(next++);
    }

    /** Stops the reading thread (after the current record) and waits for it. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
