package dev.whokilled.agent.source.proc;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.whokilled.agent.libc.Errno;
import dev.whokilled.agent.libc.Libc;
import dev.whokilled.rules.proc.ProcEvent;
import dev.whokilled.rules.proc.ProcEventDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A netlink socket subscribed to the kernel's proc connector: every fork, exec, comm change and exit on the host, as
 * raw datagrams for {@link ProcEventDecoder}. Not thread-safe: one thread receives, and closes it only after that
 * thread stopped receiving (closing an fd another thread still reads from could close a reused fd).
 *
 * <p>Works only from the initial user and pid namespaces: elsewhere the kernel ignores the subscription without an
 * error ({@code cn_proc.c}), which {@link #open} detects by the missing answer (verified with
 * {@code unshare --user} on 6.18). Kernels that check CAP_NET_ADMIN answer EPERM; on 6.18 an unprivileged user
 * (nobody) could subscribe, but without CAP_NET_ADMIN SO_RCVBUFFORCE fails and the buffer is capped at
 * {@code net.core.rmem_max}. Delivery is unreliable by design (netlink(7)): when the receive buffer is full the
 * kernel drops events and the next receive reports {@link Received.Dropped}.
 */
public final class ProcConnector implements DatagramReceiver {
    /** A full proc event datagram is 76 bytes; room for several netlink messages in one. */
    private static final int BUFFER = 8192;
    private static final int SOCKADDR_NL = 12;

    private final int fd;
    private final int requestAck;
    private final Memory buffer = new Memory(BUFFER);
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();
    private final int receiveBufferBytes;
    private boolean closed;

    /** What one {@link #receive} gave. */
    public sealed interface Received {
        /** One datagram, exactly as long as the kernel sent it. */
        record Datagram(byte[] bytes) implements Received {
            public Datagram {
                Objects.requireNonNull(bytes, "bytes");
            }
        }

        /** Nothing arrived within the receive timeout. */
        record TimedOut() implements Received {
        }

        /** ENOBUFS: the socket's receive buffer overflowed and the kernel dropped an unknown number of events. */
        record Dropped() implements Received {
        }
    }

    private ProcConnector(int fd, int requestAck, int receiveBufferBytes) {
        this.fd = fd;
        this.requestAck = requestAck;
        this.receiveBufferBytes = receiveBufferBytes;
    }

    /**
     * Opens the socket, binds it to the proc connector's group, asks for a receive buffer of
     * {@code receiveBufferBytes} (SO_RCVBUFFORCE, which passes {@code net.core.rmem_max} with CAP_NET_ADMIN, else
     * SO_RCVBUF, which the kernel caps there), subscribes, and waits up to {@code answerTimeout} for the kernel's
     * answer. Events that arrive before the answer are kept for {@link #receive}.
     *
     * @param receiveTimeout how long one {@link #receive} blocks at most, so the receiving thread can see a stop
     * @throws ProcConnectorException naming the failed call and its errno, or saying that the kernel did not answer
     */
    public static ProcConnector open(int receiveBufferBytes, Duration receiveTimeout, Duration answerTimeout)
            throws ProcConnectorException {
        if (receiveBufferBytes <= 0) {
            throw new IllegalArgumentException("receiveBufferBytes must be positive: " + receiveBufferBytes);
        }
        if (receiveTimeout.isNegative() || receiveTimeout.isZero()) {
            throw new IllegalArgumentException("receiveTimeout must be positive: " + receiveTimeout);
        }
        Libc libc = Libc.INSTANCE;
        int fd = libc.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, Libc.NETLINK_CONNECTOR);
        if (fd < 0) {
            int errno = Native.getLastError();
            throw new ProcConnectorException("socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR) failed: "
                    + Errno.name(errno) + explain(errno), errno);
        }
        ProcConnector connector = null;
        try {
            Memory address = new Memory(SOCKADDR_NL);
            address.clear();
            address.setShort(0, (short) Libc.AF_NETLINK);
            address.setInt(4, 0);
            address.setInt(8, ProcEventDecoder.CN_IDX_PROC);
            if (libc.bind(fd, address, SOCKADDR_NL) < 0) {
                int errno = Native.getLastError();
                throw new ProcConnectorException("bind(netlink group CN_IDX_PROC) failed: " + Errno.name(errno)
                        + explain(errno), errno);
            }
            int granted = setReceiveBuffer(fd, receiveBufferBytes);
            Memory timeval = new Memory(16);
            timeval.setLong(0, receiveTimeout.toSeconds());
            timeval.setLong(8, receiveTimeout.toNanosPart() / 1000);
            if (libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval, 16) < 0) {
                int errno = Native.getLastError();
                throw new ProcConnectorException("setsockopt(SO_RCVTIMEO) failed: " + Errno.name(errno), errno);
            }
            int ack = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
            connector = new ProcConnector(fd, ack, granted);
            connector.request(ProcEventDecoder.PROC_CN_MCAST_LISTEN);
            connector.awaitAnswer(answerTimeout);
            return connector;
        } catch (ProcConnectorException | RuntimeException e) {
            if (connector != null) {
                connector.closed = true;
            }
            libc.close(fd);
            throw e;
        }
    }

    /** The receive buffer the kernel granted, in bytes (it reports twice what was set: its bookkeeping share). */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /**
     * Blocks until a datagram arrives, the receive timeout passes, or the kernel reports dropped events.
     *
     * @throws ProcConnectorException when recv fails otherwise (the socket is unusable)
     */
    @Override
    public Received receive() throws ProcConnectorException {
        if (closed) {
            throw new IllegalStateException("proc connector socket is closed");
        }
        if (!early.isEmpty()) {
            return new Received.Datagram(early.poll());
        }
        while (true) {
            long n = Libc.INSTANCE.recv(fd, buffer, BUFFER, Libc.MSG_TRUNC);
            if (n >= 0) {
                // MSG_TRUNC returns the real length; a longer datagram than the buffer is cut, and the decoder
                // reports the cut message as malformed rather than reading past what arrived.
                return new Received.Datagram(buffer.getByteArray(0, (int) Math.min(n, BUFFER)));
            }
            int errno = Native.getLastError();
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno == Errno.EAGAIN) {
                return new Received.TimedOut();
            }
            if (errno == Errno.ENOBUFS) {
                return new Received.Dropped();
            }
            throw new ProcConnectorException("recv(proc connector) failed: " + Errno.name(errno), errno);
        }
    }

    /**
     * Unsubscribes (PROC_CN_MCAST_IGNORE, so the kernel stops counting a listener) and closes the socket. Both are
     * attempted; the first failure is thrown. Idempotent.
     */
    @Override
    public void close() throws ProcConnectorException {
        if (closed) {
            return;
        }
        closed = true;
        ProcConnectorException failure = null;
        try {
            request(ProcEventDecoder.PROC_CN_MCAST_IGNORE);
        } catch (ProcConnectorException e) {
            failure = e;
        }
        if (Libc.INSTANCE.close(fd) < 0 && failure == null) {
            int errno = Native.getLastError();
            failure = new ProcConnectorException("close(proc connector socket) failed: " + Errno.name(errno), errno);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void request(int op) throws ProcConnectorException {
        byte[] bytes = ProcEventDecoder.mcastRequest(op, 0, requestAck, 0);
        Memory message = new Memory(bytes.length);
        message.write(0, bytes, 0, bytes.length);
        if (Libc.INSTANCE.send(fd, message, bytes.length, 0) < 0) {
            int errno = Native.getLastError();
            String name = op == ProcEventDecoder.PROC_CN_MCAST_LISTEN ? "PROC_CN_MCAST_LISTEN" : "PROC_CN_MCAST_IGNORE";
            throw new ProcConnectorException("send(" + name + ") failed: " + Errno.name(errno) + explain(errno),
                    errno);
        }
    }

    /**
     * Reads until the kernel's answer to our LISTEN: an ack event whose {@code ack} is ours + 1, or any fork, exec,
     * comm or exit event (the kernel sends those to every socket bound to the group while it counts a listener, so
     * one proves exits will reach us as well as the ack would). Other listeners' acks prove nothing: acks are sent
     * whatever the count. Every datagram is kept for {@link #receive}. The ack is a multicast like any event and,
     * rarely, does not arrive (seen a few times in busy test runs); so halfway through, LISTEN is sent again and a
     * short-lived {@code true} is started, whose fork, exec and exit are events of our own making.
     */
    private void awaitAnswer(Duration timeout) throws ProcConnectorException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long probeAt = start + timeout.toNanos() / 2;
        boolean probed = false;
        while (System.nanoTime() - deadline < 0) {
            if (!probed && System.nanoTime() - probeAt >= 0) {
                request(ProcEventDecoder.PROC_CN_MCAST_LISTEN);
                probe();
                probed = true;
            }
            Received received = receive();
            if (received instanceof Received.Datagram datagram) {
                early.add(datagram.bytes());
                for (ProcEvent event : ProcEventDecoder.decode(datagram.bytes(), datagram.bytes().length)) {
                    if (event instanceof ProcEvent.Ack ack && ack.ack() == Integer.toUnsignedLong(requestAck + 1)) {
                        if (ack.error() != 0) {
                            throw new ProcConnectorException("the kernel refused PROC_CN_MCAST_LISTEN: "
                                    + Errno.name(ack.error()) + explain(ack.error()), ack.error());
                        }
                        return;
                    }
                    if (event instanceof ProcEvent.Fork || event instanceof ProcEvent.Exec
                            || event instanceof ProcEvent.Comm || event instanceof ProcEvent.Exit) {
                        return;
                    }
                }
            }
        }
        throw new ProcConnectorException("no answer to PROC_CN_MCAST_LISTEN within " + timeout.toMillis() + " ms: "
                + (inInitialNamespaces() ? "the kernel did not answer, and no process event arrived, not even a probe's"
                : "the kernel ignores subscriptions from outside the initial user and pid namespaces (a container)")
                + "; exits are not observed");
    }

    /** Whether this process shares pid 1's user and pid namespaces (not in a container); false when unknown. */
    private static boolean inInitialNamespaces() {
        try {
            for (String ns : new String[] {"user", "pid"}) {
                if (!Files.readSymbolicLink(Path.of("/proc/self/ns", ns))
                        .equals(Files.readSymbolicLink(Path.of("/proc/1/ns", ns)))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Starts {@code true}, for its events; when it cannot be started, other processes' events or the ack answer. */
    private static void probe() {
        try {
            new ProcessBuilder("true").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            // nothing to do: the wait goes on for the ack or any event
        }
    }

    private static int setReceiveBuffer(int fd, int bytes) throws ProcConnectorException {
        Libc libc = Libc.INSTANCE;
        Memory value = new Memory(4);
        value.setInt(0, bytes);
        if (libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, value, 4) < 0
                && libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value, 4) < 0) {
            int errno = Native.getLastError();
            throw new ProcConnectorException("setsockopt(SO_RCVBUF " + bytes + ") failed: " + Errno.name(errno),
                    errno);
        }
        Memory length = new Memory(4);
        length.setInt(0, 4);
        if (libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value, length) < 0) {
            int errno = Native.getLastError();
            throw new ProcConnectorException("getsockopt(SO_RCVBUF) failed: " + Errno.name(errno), errno);
        }
        return value.getInt(0);
    }

    private static String explain(int errno) {
        return switch (Errno.name(errno)) {
            case "EPERM", "EACCES" -> " (needs root or CAP_NET_ADMIN; exits are not observed)";
            case "EPROTONOSUPPORT" -> " (kernel without CONFIG_CONNECTOR/CONFIG_PROC_EVENTS; exits are not observed)";
            case "EAFNOSUPPORT" -> " (no netlink in this kernel or sandbox; exits are not observed)";
            default -> "";
        };
    }

    @Override
    public String toString() {
        return "ProcConnector[fd=" + fd + ", rcvbuf=" + receiveBufferBytes + (closed ? ", closed" : "") + "]";
    }
}
