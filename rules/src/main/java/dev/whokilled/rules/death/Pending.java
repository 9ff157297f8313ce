package dev.whokilled.rules.death;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Items waiting to be joined, by key and in arrival order, at most {@code cap} of them. Not
 * thread-safe.
 *
 * <p>An item is stamped with its time; removing one marks it gone and leaves it in the arrival
 * queue until it reaches the front (or a compaction), so every operation stays O(1) amortised per
 * item as long as items arrive about in time order, which the correlator's input does.
 */
final class Pending<K, T> {
    private static final class Held<K, T> {
        final K key;
        final long at;
        final T item;
        boolean gone;

        Held(K key, long at, T item) {
            this.key = key;
            this.at = at;
            this.item = item;
        }
    }

    private final ArrayDeque<Held<K, T>> order = new ArrayDeque<>();
    private final Map<K, ArrayDeque<Held<K, T>>> byKey = new HashMap<>();
    private final int cap;
    private int live;

    Pending(int cap) {
        this.cap = cap;
    }

    /** Adds an item; returns the oldest items pushed out to stay within the cap. */
    List<T> add(K key, long at, T item) {
        Held<K, T> h = new Held<>(key, at, item);
        order.addLast(h);
        byKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(h);
        live++;
        List<T> out = new ArrayList<>(0);
        while (live > cap) {
            Held<K, T> old = order.pollFirst();
            if (!old.gone) {
                remove(old);
                out.add(old.item);
            }
        }
        if (order.size() > 2 * live + 64) {
            order.removeIf(x -> x.gone);
        }
        return out;
    }

    /** Removes and returns the items stamped before {@code oldestKept}, oldest first. */
    List<T> expire(long oldestKept) {
        List<T> out = new ArrayList<>(0);
        while (!order.isEmpty()) {
            Held<K, T> h = order.peekFirst();
            if (!h.gone && h.at >= oldestKept) {
                break;
            }
            order.pollFirst();
            if (!h.gone) {
                remove(h);
                out.add(h.item);
            }
        }
        return out;
    }

    /** Removes and returns the items of {@code key} whose stamp matches, oldest first. */
    List<T> take(K key, LongPredicate when) {
        ArrayDeque<Held<K, T>> q = byKey.get(key);
        if (q == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (Iterator<Held<K, T>> it = q.iterator(); it.hasNext();) {
            Held<K, T> h = it.next();
            if (when.test(h.at)) {
                it.remove();
                h.gone = true;
                live--;
                out.add(h.item);
            }
        }
        if (q.isEmpty()) {
            byKey.remove(key);
        }
        return out;
    }

    /** The items of {@code key} whose stamp matches, left in place, oldest first. */
    List<T> peek(K key, LongPredicate when) {
        ArrayDeque<Held<K, T>> q = byKey.get(key);
        if (q == null) {
            return List.of();
        }
        return q.stream().filter(h -> when.test(h.at)).map(h -> h.item).toList();
    }

    /** Removes and returns everything, oldest first. */
    List<T> drain() {
        List<T> out = order.stream().filter(h -> !h.gone).map(h -> h.item).toList();
        order.clear();
        byKey.clear();
        live = 0;
        return out;
    }

    int size() {
        return live;
    }

    private void remove(Held<K, T> h) {
        h.gone = true;
        live--;
        ArrayDeque<Held<K, T>> q = byKey.get(h.key);
        if (q.peekFirst() == h) {
            q.pollFirst();
        } else {
            q.remove(h);
        }
        if (q.isEmpty()) {
            byKey.remove(h.key);
        }
    }
}
