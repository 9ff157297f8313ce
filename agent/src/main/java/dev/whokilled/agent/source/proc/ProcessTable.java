package dev.whokilled.agent.source.proc;

import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.proc.ProcStat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A bounded cache of process identities by pid, kept while processes run so that a process's comm, command line,
 * parent, uid and cgroup are known after it is gone ({@code /proc/PID} disappears before its exit event is read).
 * Thread-safe: the exits source updates it, other sources may {@link #lookup} in it.
 *
 * <p>Filled from {@code /proc} at start and on each fork, refreshed on exec and comm changes, emptied on exit. When
 * full, the entry inserted or refreshed longest ago goes first: a process that never execs again and outlives
 * {@code capacity} newer ones loses its identity, which is the price of bounded memory (about 300 bytes an entry).
 * A pid is reused; each identity carries its start time, and an exit removes the entry, so two processes sharing a
 * pid are not mixed while events arrive in order.
 *
 * <p>It also knows which process each thread started since the agent did belongs to (the proc connector reports a
 * thread's start and end with its process), so that {@link #lookup} of a thread id names its process: a signal's
 * sender is a thread, and the trace's tgid for it comes from a kernel cache that can still hold the id's previous
 * owner. Bounded the same way.
 */
public final class ProcessTable {
    private final ProcSnapshotter proc;
    private final Map<Integer, ProcessIdentity> byPid;
    /** Thread id to its process's pid, for threads other than a process's first. */
    private final Map<Integer, Integer> threadOwners;

    /** What was known of a process that exited. */
    public record Departure(Optional<ProcessIdentity> identity, List<ProcessIdentity> orphans) {
        public Departure {
            Objects.requireNonNull(identity, "identity");
            orphans = List.copyOf(orphans);
        }
    }

    public ProcessTable(ProcSnapshotter proc, int capacity) {
        this.proc = Objects.requireNonNull(proc, "proc");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.byPid = bounded(capacity);
        this.threadOwners = bounded(capacity);
    }

    /** A map that drops the entry inserted longest ago past {@code capacity}. */
    private static <V> Map<Integer, V> bounded(int capacity) {
        return new LinkedHashMap<>(Math.min(capacity, 4096), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Reads every process now in {@code /proc}; returns how many were read (some exit while we read). */
    public int load() {
        int loaded = 0;
        for (int pid : proc.pids()) {
            Optional<ProcessIdentity> identity = proc.snapshot(pid);
            if (identity.isPresent()) {
                put(identity.get());
                loaded++;
            }
        }
        return loaded;
    }

    /** A process was forked: read it now, while it may still run. */
    public void forked(int pid) {
        synchronized (this) {
            threadOwners.remove(pid); // the id of a thread that ended, reused
        }
        proc.snapshot(pid).ifPresent(this::put);
    }

    /** A thread other than a process's first started, in process {@code pid}. */
    public synchronized void threadStarted(int tid, int pid) {
        threadOwners.put(tid, pid);
    }

    /** A thread other than a process's first ended. */
    public synchronized void threadEnded(int tid) {
        threadOwners.remove(tid);
    }

    /**
     * A process executed a new program: read its new command line. If it is already gone, the old program's comm
     * and command line would now be wrong, so they are dropped; pid, start time, parent, uid and cgroup stay.
     */
    public void executed(int pid) {
        Optional<ProcessIdentity> now = proc.snapshot(pid);
        if (now.isPresent()) {
            put(now.get());
            return;
        }
        synchronized (this) {
            ProcessIdentity old = byPid.get(pid);
            if (old != null) {
                put(new ProcessIdentity(pid, old.startTime(), old.ppid(), Optional.empty(), Optional.empty(),
                        old.uid(), old.cgroup()));
            }
        }
    }

    /** A process renamed itself: read it again, or at least take the name the event carried. */
    public void renamed(int pid, String comm) {
        Optional<ProcessIdentity> now = proc.snapshot(pid);
        if (now.isPresent()) {
            put(now.get());
            return;
        }
        synchronized (this) {
            ProcessIdentity old = byPid.get(pid);
            if (old != null) {
                put(new ProcessIdentity(pid, old.startTime(), old.ppid(), Optional.of(comm), old.cmdline(),
                        old.uid(), old.cgroup()));
            }
        }
    }

    /**
     * The identity last seen for {@code pid}, if it is still in the table; for the id of a thread started since the
     * agent did, its process's.
     */
    public synchronized Optional<ProcessIdentity> lookup(int pid) {
        ProcessIdentity process = byPid.get(pid);
        if (process == null) {
            Integer owner = threadOwners.get(pid);
            process = owner == null ? null : byPid.get(owner);
        }
        return Optional.ofNullable(process);
    }

    public synchronized int size() {
        return byPid.size();
    }

    /**
     * A process exited: removes and returns its identity and, when {@code findOrphans}, the children it left
     * running. The kernel reparents children before it sends the exit event ({@code do_exit}: exit_notify, then
     * proc_exit_connector), so a child is confirmed by reading it again: alive with the same start time. Its fresh
     * identity is returned (its ppid is the new parent, init or a subreaper) and replaces the table's.
     */
    public Departure exited(int pid, boolean findOrphans) {
        ProcessIdentity gone;
        List<ProcessIdentity> children = new ArrayList<>();
        synchronized (this) {
            gone = byPid.remove(pid);
            if (findOrphans) {
                OptionalLong parentStart = gone == null ? OptionalLong.empty() : gone.startTime();
                for (ProcessIdentity candidate : byPid.values()) {
                    if (candidate.ppid().equals(OptionalInt.of(pid)) && startedNoEarlier(candidate, parentStart)) {
                        children.add(candidate);
                    }
                }
            }
        }
        List<ProcessIdentity> orphans = new ArrayList<>();
        for (ProcessIdentity child : children) {
            Optional<ProcStat> now = proc.stat(child.pid());
            if (now.isPresent() && child.startTime().equals(OptionalLong.of(now.get().startTime()))) {
                Optional<ProcessIdentity> fresh = proc.snapshot(child.pid())
                        .filter(f -> f.startTime().equals(child.startTime()));
                ProcessIdentity orphan = fresh.orElse(child);
                orphans.add(orphan);
                put(orphan);
            }
        }
        return new Departure(Optional.ofNullable(gone), orphans);
    }

    /** A child of an earlier process with the same pid started before this one: not its child. */
    private static boolean startedNoEarlier(ProcessIdentity child, OptionalLong parentStart) {
        return parentStart.isEmpty() || child.startTime().isEmpty()
                || child.startTime().getAsLong() >= parentStart.getAsLong();
    }

    private synchronized void put(ProcessIdentity identity) {
        byPid.remove(identity.pid());
        byPid.put(identity.pid(), identity);
    }
}
