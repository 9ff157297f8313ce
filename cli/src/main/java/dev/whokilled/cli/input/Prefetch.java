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
import java.util.function.Function;

/**
 * Reads records on a second thread, a bounded number of batches ahead, so scanning the log and
 * explaining what was found run on two cores (and the parts of a file, on as many). That thread
 * also prepares something from each record ({@code P}, such as a parse the consumer would
 * otherwise do), handed out beside it. The iterator is for one consumer thread; a failure of the
 * reading thread is rethrown to it.
 */
public final class Prefetch<P> implements PartedRecords.Ahead<P> {
    private static final int BATCH = 512;
    private static final int BATCHES_AHEAD = 64;
    private static final Batch<?> END = new Batch<>(0);

    /** Records and what was prepared from each, side by side. */
    private static final class Batch<P> {
        final List<KernelRecord> records;
        final List<P> prepared;

        Batch(int capacity) {
            records = new ArrayList<>(capacity);
            prepared = new ArrayList<>(capacity);
        }
    }

    private final BlockingQueue<Batch<P>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread reader;
    private volatile RuntimeException failure;
    private volatile boolean closed;
    private Batch<P> batch = new Batch<>(0);
    private int next;
    private P last;
    private boolean ended;

    /** Reads {@code source} ahead; {@code prepare} runs on the reading thread, once per record, in order. */
    public Prefetch(Iterator<KernelRecord> source, Function<KernelRecord, P> prepare) {
        reader = new Thread(() -> pump(source, prepare), "log-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads {@code source} ahead and prepares nothing. */
    public static Prefetch<Void> of(Iterator<KernelRecord> source) {
        return new Prefetch<>(source, r -> null);
    }

    private void pump(Iterator<KernelRecord> source, Function<KernelRecord, P> prepare) {
        try {
            Batch<P> out = new Batch<>(BATCH);
            while (!closed && source.hasNext()) {
                KernelRecord r = source.next();
                out.records.add(r);
                out.prepared.add(prepare.apply(r));
                if (out.records.size() == BATCH) {
                    hand(out);
                    out = new Batch<>(BATCH);
                }
            }
            if (!out.records.isEmpty()) {
                hand(out);
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                hand(end());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <P> Batch<P> end() {
        return (Batch<P>) END;
    }

    /** Waits for room in the queue, unless the consumer has gone (closed). */
    private void hand(Batch<P> batch) throws InterruptedException {
        while (!closed && !queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
            // the consumer is busy; keep waiting while it is there
        }
    }

    @Override
    public boolean hasNext() {
        while (next == batch.records.size() && !ended) {
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
        return next < batch.records.size();
    }

    @Override
    public KernelRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        last = batch.prepared.get(next);
        return batch.records.get(next++);
    }

    @Override
    public P prepared() {
        return last;
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
