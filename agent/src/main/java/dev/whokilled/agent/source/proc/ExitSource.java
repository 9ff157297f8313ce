package dev.whokilled.agent.source.proc;

import dev.whokilled.agent.libc.Errno;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.proc.ProcEvent;
import dev.whokilled.rules.proc.ProcEventDecoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The exits source: reads the proc connector on its own thread, keeps the {@link ProcessTable} current from fork,
 * exec and comm events, and turns each process exit into a {@link ProcessExit} and each loss into a {@link Gap}.
 * When the reading thread fails, it tells its {@link StopListener} (which records the outage) and ends.
 * Thread-safe to {@link #start} and {@link #close} from the agent's thread; the sink is called on the source's
 * thread only, in event order, and must not block for long (the kernel drops events while nobody reads).
 *
 * <p>Only thread group leaders' exits (pid == tgid) are process exits; the others end threads and are skipped.
 * Orphans are looked for when a process dies by a signal, the case where children are left behind unexpectedly.
 */
public final class ExitSource implements AutoCloseable {
    /** The {@link Gap#source()} of the gaps this source records. */
    public static final String SOURCE = "proc-connector";

    private final DatagramReceiver connector;
    private final ProcessTable table;
    private final Clock clock;
    private final String bootId;
    private final Consumer<? super Fact> sink;
    private final StopListener stops;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private Instant lastHeard;

    /**
     * @param connector an open, subscribed {@link ProcConnector}; this source closes it
     * @param bootId the boot the kernel's monotonic stamps belong to ({@code /proc/sys/kernel/random/boot_id})
     * @param sink receives the facts, on this source's thread
     * @param stops told when the reading thread fails, from that thread; not when {@link #close} stops it
     */
    public ExitSource(DatagramReceiver connector, ProcessTable table, Clock clock, String bootId,
                      Consumer<? super Fact> sink, StopListener stops) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bootId = Objects.requireNonNull(bootId, "bootId");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.stops = Objects.requireNonNull(stops, "stops");
        this.thread = new Thread(this::run, "whokilled-exits");
        this.thread.setDaemon(true);
    }

    /**
     * Fills the table from {@code /proc} (after the subscription, so a process forked meanwhile is seen by one or the
     * other), then starts reading events. Returns how many processes the table was filled with.
     */
    public int start() {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("exits source already started");
        }
        int loaded = table.load();
        lastHeard = clock.instant();
        thread.start();
        return loaded;
    }

    /** Why the reading thread stopped on its own, if it did: then no more exits are observed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public ProcessTable table() {
        return table;
    }

    /**
     * Stops the reading thread (it sees the stop within the connector's receive timeout), then unsubscribes and
     * closes the socket.
     *
     * @throws ProcConnectorException when the thread does not stop, or closing the socket fails (then carrying the
     *     reading thread's own failure, if any, as suppressed, so neither is lost)
     */
    @Override
    public void close() throws ProcConnectorException {
        stopping = true;
        if (thread.getState() != Thread.State.NEW) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcConnectorException("interrupted while waiting for the exits thread to stop; socket left"
                        + " open");
            }
            if (thread.isAlive()) {
                throw new ProcConnectorException("the exits thread did not stop within 10 s; socket left open");
            }
        }
        try {
            connector.close();
        } catch (ProcConnectorException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
    }

    private void run() {
        try {
            while (!stopping) {
                ProcConnector.Received received = connector.receive();
                if (received instanceof ProcConnector.Received.Datagram datagram) {
                    Instant now = clock.instant();
                    for (ProcEvent event : ProcEventDecoder.decode(datagram.bytes(), datagram.bytes().length)) {
                        handle(event, now);
                    }
                    lastHeard = now;
                } else if (received instanceof ProcConnector.Received.Dropped) {
                    gap(OptionalLong.empty(), "the netlink receive buffer overflowed (ENOBUFS) and the kernel dropped"
                            + " proc connector events: exits in this window are unknown");
                }
            }
        } catch (Exception | Error e) {
            failure = e;
            if (!stopping) { // else close() asked for the stop: no outage
                stopped(e);
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /**
     * Nothing is observed from now on. The thread was reading until now (a receive returns as soon as a datagram
     * comes, or every receive timeout), so only the datagrams still queued in the socket are lost before it.
     */
    private void stopped(Throwable cause) {
        try {
            stops.stopped(StopListener.Stop.of(clock.instant(), cause));
        } catch (RuntimeException listenerFailure) {
            cause.addSuppressed(listenerFailure);
        }
    }

    private void handle(ProcEvent event, Instant now) {
        if (event instanceof ProcEvent.Fork fork) {
            if (fork.isThread()) {
                table.threadStarted(fork.childPid(), fork.childTgid());
            } else {
                table.forked(fork.childTgid());
            }
        } else if (event instanceof ProcEvent.Exec exec) {
            table.executed(exec.tgid());
        } else if (event instanceof ProcEvent.Comm comm) {
            if (comm.pid() == comm.tgid()) {
                table.renamed(comm.tgid(), comm.comm());
            }
        } else if (event instanceof ProcEvent.Exit exit) {
            if (exit.isProcessExit()) {
                exited(exit, now);
            } else {
                table.threadEnded(exit.pid());
            }
        } else if (event instanceof ProcEvent.Malformed malformed) {
            gap(OptionalLong.of(1), "undecodable proc connector message at byte " + malformed.offset() + ": "
                    + malformed.reason());
        } else if (event instanceof ProcEvent.Overrun) {
            gap(OptionalLong.empty(), "netlink reported an overrun (NLMSG_OVERRUN): proc connector events were lost");
        } else if (event instanceof ProcEvent.NetlinkError error && error.errno() != 0) {
            gap(OptionalLong.empty(), "netlink reported error " + Errno.name(error.errno())
                    + " on the proc connector socket; events may have been lost");
        }
        // Ack (answers to any listener's requests), Unknown (uid, gid, sid, ptrace, coredump events): not used.
    }

    private void exited(ProcEvent.Exit exit, Instant now) {
        int pid = exit.tgid();
        if (pid <= 0 || exit.exitCode() < 0 || exit.exitCode() > 0xffff) {
            gap(OptionalLong.of(1), "exit event with pid " + pid + " and exit_code 0x"
                    + Integer.toHexString(exit.exitCode()) + " that is no wait status; the exit is not recorded");
            return;
        }
        int signal = exit.exitCode() & 0x7f;
        ProcessTable.Departure departure = table.exited(pid, signal != 0 && signal != 0x7f);
        OptionalInt parent = exit.parentTgid().isPresent() ? exit.parentTgid()
                : departure.identity().map(ProcessIdentity::ppid).orElse(OptionalInt.empty());
        sink.accept(new ProcessExit(pid, exit.exitCode(), exit.stamp().monotonicNanos(), now, bootId, parent,
                departure.identity(), departure.orphans()));
    }

    private void gap(OptionalLong lost, String reason) {
        Instant now = clock.instant();
        Instant from = lastHeard == null || lastHeard.isAfter(now) ? now : lastHeard;
        sink.accept(new Gap(SOURCE, from, now, lost, reason, now));
    }
}
