package dev.whokilled.cli.render;

import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Explanation;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ExplanationWriter} that hands what it is given to another writer on a thread of its
 * own, in the order given, so that rendering (JSON or text: a third of {@code analyze}'s analysing
 * thread on a log with thousands of OOM kills, docs/benchmarks.md) runs beside the analysis
 * instead of after each explanation. {@link #write} and {@link #close} are for one producer
 * thread; a failure of the writing thread is rethrown to it, by the next write or by close.
 */
public final class BackgroundWriter implements ExplanationWriter, AutoCloseable {
    private static final int AHEAD = 256;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile RuntimeException failure;
    private boolean closed;

    public BackgroundWriter(ExplanationWriter target) {
        Objects.requireNonNull(target, "target");
        thread = new Thread(() -> drain(target), "output-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void drain(ExplanationWriter target) {
        try {
            for (Object o = queue.take(); o != END; o = queue.take()) {
                if (failure != null) {
                    continue; // keep taking, so the producer never waits on a full queue
                }
                try {
                    if (o instanceof Explanation e) {
                        target.write(e);
                    } else {
                        target.write((Death) o);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(Explanation explanation) {
        hand(Objects.requireNonNull(explanation, "explanation"));
    }

    @Override
    public void write(Death death) {
        hand(Objects.requireNonNull(death, "death"));
    }

    private void hand(Object o) {
        if (closed) {
            throw new IllegalStateException("written after close");
        }
        rethrow();
        put(o);
    }

    private void put(Object o) {
        try {
            while (!queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the output thread has stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the output", e);
        }
    }

    private void rethrow() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Waits until everything written so far is written by the target, then stops the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finishing the output", e);
        }
        rethrow();
    }
}
