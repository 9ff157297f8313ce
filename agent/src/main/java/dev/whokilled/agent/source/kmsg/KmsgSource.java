package dev.whokilled.agent.source.kmsg;

import dev.whokilled.agent.source.LogSink;
import dev.whokilled.agent.source.StopListener;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.reader.KmsgRecords;
import dev.whokilled.rules.record.BootClock;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Stamp;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Follows {@code /dev/kmsg} on its own thread and hands every record, stamped with this boot, to a
 * sink; reports records the ring buffer overwrote before they were read as gaps. Thread-safe to
 * start and close from another thread; the sink is called from the reader thread only.
 *
 * <p>Every open starts at the oldest record still in the ring, so a restart resumes by skipping
 * records up to the checkpointed sequence of the same boot; a first sequence beyond it means the
 * ring overwrote records while nobody read them. An overrun while reading surfaces as EPIPE
 * ("Broken pipe") on the next read, and the read after it returns the oldest surviving record:
 * the jump in sequence numbers is the loss. One read returns exactly one record and needs a
 * buffer that holds a whole one (the kernel refuses reads under 8 KiB with EINVAL).
 *
 * <p>Records the kernel made before this source started get a wall time converted from the
 * kernel clock ({@link TimeBasis#CONVERTED}); later ones the wall time they were read at
 * ({@link TimeBasis#RECEIVED}), which does not drift after a suspend.
 *
 * <p>The reader ends on its own only on a read error, or at end of file, which the device never returns (a read
 * blocks until the next record): either is a stop, told to the {@link StopListener}. A restart resumes after the
 * last sequence read, like a restart of the agent.
 */
public final class KmsgSource implements AutoCloseable {
    private static final int RECORD_BUFFER = 16 * 1024;

    /** Opens the device; a test hands in a channel that returns one record per read, like the device. */
    @FunctionalInterface
    public interface Opener {
        ReadableByteChannel open() throws IOException;
    }


    private final Opener opener;
    private final String bootId;
    private final OptionalLong resumeAfter;
    private final BootClock bootClock;
    private final Clock clock;
    private final LogSink sink;
    private final StopListener stops;
    private final long startMicros;
    private ReadableByteChannel channel;
    private Thread reader;
    private volatile boolean closing;

    /**
     * @param resumeAfter the last sequence already stored for this boot (checkpoint), or empty to read the whole ring
     * @param startMonotonicMicros the kernel clock now: records stamped before it are backlog
     * @param stops told when the reader ends on its own, from the reader thread; not when {@link #close} stops it
     */
    public KmsgSource(Opener opener, String bootId, OptionalLong resumeAfter, BootClock bootClock, Clock clock,
                      long startMonotonicMicros, LogSink sink, StopListener stops) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.bootId = Objects.requireNonNull(bootId, "bootId");
        this.resumeAfter = Objects.requireNonNull(resumeAfter, "resumeAfter");
        this.bootClock = Objects.requireNonNull(bootClock, "bootClock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startMicros = startMonotonicMicros;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.stops = Objects.requireNonNull(stops, "stops");
    }

    /** The real device. */
    public static Opener device(Path kmsg) {
        return () -> FileChannel.open(kmsg, StandardOpenOption.READ);
    }

    /** Opens the device and starts reading; throws when it cannot be opened (permission: CAP_SYSLOG). */
    public synchronized void start() throws IOException {
        channel = opener.open();
        reader = new Thread(this::run, "kmsg-source");
        reader.setDaemon(true);
        reader.start();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(RECORD_BUFFER);
        long last = resumeAfter.orElse(-1);
        boolean first = true;
        boolean overrun = false;
        Instant lastSeen = clock.instant();
        try {
            while (true) {
                buf.clear();
                int n;
                try {
                    n = channel.read(buf);
                } catch (ClosedChannelException closed) {
                    stopped(new StopListener.Stop(clock.instant(), "the kernel log was closed"));
                    return;
                } catch (IOException e) {
                    if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
                        overrun = true;
                        continue;
                    }
                    throw e;
                }
                if (n < 0) {
                    stopped(new StopListener.Stop(clock.instant(), "end of file on the kernel log"));
                    return;
                }
                Optional<KernelRecord> parsed = KmsgRecords.parse(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                if (parsed.isEmpty()) {
                    continue;
                }
                KernelRecord r = stamped(parsed.get());
                long seq = r.stamp().sequence().orElse(last + 1);
                if (resumeAfter.isPresent() && seq <= resumeAfter.getAsLong()) {
                    continue;
                }
                boolean lostSinceCheckpoint = first && resumeAfter.isPresent() && seq > last + 1;
                if ((overrun || lostSinceCheckpoint) && seq > last + 1 && last >= 0) {
                    Instant to = r.stamp().wallTime().map(WallTime::instant).orElse(clock.instant());
                    sink.gap(new Gap("kmsg", lastSeen.isAfter(to) ? to : lastSeen, to, OptionalLong.of(seq - last - 1),
                            overrun ? "the kernel ring buffer overwrote records before they were read"
                                    : "the kernel ring buffer overwrote records while the agent was not reading",
                            clock.instant()));
                }
                first = false;
                overrun = false;
                last = seq;
                lastSeen = r.stamp().wallTime().map(WallTime::instant).orElse(lastSeen);
                sink.record(r);
            }
        } catch (IOException | RuntimeException e) {
            stopped(StopListener.Stop.of(clock.instant(), e));
        }
    }

    /**
     * Records are not observed from now on (a read returns as soon as there is a record, so the reader was caught up
     * until now); skipped when {@link #close} ended the read.
     */
    private void stopped(StopListener.Stop stop) {
        if (!closing) {
            stops.stopped(stop);
        }
    }

    private KernelRecord stamped(KernelRecord r) {
        OptionalLong micros = r.stamp().monotonicMicros();
        WallTime wall = micros.isPresent() && micros.getAsLong() < startMicros
                ? bootClock.toWallTime(micros.getAsLong())
                : new WallTime(clock.instant(), TimeBasis.RECEIVED);
        Stamp stamp = new Stamp(r.stamp().sequence(), micros, Optional.of(wall), Optional.of(bootId));
        return new KernelRecord(r.format(), r.lineNumber(), stamp, r.provenance(), r.message(), r.context());
    }

    @Override
    public synchronized void close() throws IOException {
        closing = true;
        if (channel != null) {
            channel.close();
        }
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
