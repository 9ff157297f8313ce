package dev.whokilled.agent.export.journal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.whokilled.agent.libc.Errno;
import dev.whokilled.agent.libc.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An unconnected AF_UNIX datagram socket that sends each entry to journald's socket with {@code sendto}, through
 * JNA (Java 17's NIO has no AF_UNIX datagrams). Unconnected on purpose: the kernel looks the path up on every send,
 * so a journald that restarted and made a new socket file is reached by the next entry without reopening anything.
 * Every send is {@code MSG_DONTWAIT}: when journald's queue is full the send says so rather than block the caller.
 * Not thread-safe: one thread sends.
 */
final class JournalSocket implements AutoCloseable {
    /** sockaddr_un: a 2-byte family, then a 108-byte path. */
    private static final int SUN_PATH_MAX = 108;
    /** The largest entry sent, whatever the send buffer allows. */
    static final int MAX_ENTRY = 64 * 1024;

    private final Libc libc = Libc.INSTANCE;
    private final int fd;
    private final Path path;
    private final Memory address;
    private final int addressLength;
    private final int maxDatagram;
    /** Native memory for the datagram being sent, reused: an entry is at most {@link #maxDatagram} bytes. */
    private final Memory buffer;
    private boolean closed;

    private JournalSocket(int fd, Path path, Memory address, int addressLength, int maxDatagram) {
        this.fd = fd;
        this.path = path;
        this.address = address;
        this.addressLength = addressLength;
        this.maxDatagram = maxDatagram;
        this.buffer = new Memory(maxDatagram);
    }

    static JournalSocket open(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) {
            throw new IOException("journal socket path is longer than a unix socket address allows (" + name.length
                    + " bytes, at most " + (SUN_PATH_MAX - 1) + "): " + path);
        }
        Libc libc = Libc.INSTANCE;
        int fd = libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: " + Errno.name(Native.getLastError()));
        }
        Memory address = new Memory(2 + SUN_PATH_MAX);
        address.clear();
        address.setShort(0, (short) Libc.AF_UNIX);
        address.write(2, name, 0, name.length);
        return new JournalSocket(fd, path, address, 2 + name.length + 1, maxDatagram(libc, fd));
    }

    /**
     * The largest datagram this socket sends: the kernel refuses a unix datagram longer than the send buffer
     * ({@code net.core.wmem_default}, 208 KiB on Debian) less 32 bytes with EMSGSIZE; and at most {@link #MAX_ENTRY}.
     */
    private static int maxDatagram(Libc libc, int fd) {
        // 64 KiB is ample (the agent reads at most 4 KiB of a command line) and keeps one entry from taking the whole
        // send buffer, which holds every datagram journald has not read yet.
        Memory value = new Memory(4);
        Memory length = new Memory(4);
        length.setInt(0, 4);
        if (libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, value, length) < 0) {
            return MAX_ENTRY;
        }
        return Math.min(MAX_ENTRY, value.getInt(0) - 32);
    }

    int maxDatagram() {
        return maxDatagram;
    }

    /**
     * Sends one entry without waiting: false when journald's queue is full (EAGAIN: {@code net.unix.max_dgram_qlen}
     * datagrams wait unread, 10 by default, 512 where systemd boots the machine); throws for any other failure, with
     * the errno and what it means for the journal.
     */
    boolean trySend(byte[] datagram) throws IOException {
        if (datagram.length > maxDatagram) {
            throw new IOException("sendto(" + path + ") not tried: the " + datagram.length + "-byte entry is larger"
                    + " than the socket's send buffer, even cut");
        }
        buffer.write(0, datagram, 0, datagram.length);
        long sent = libc.sendto(fd, buffer, datagram.length, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL, address,
                addressLength);
        if (sent >= 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == Errno.EAGAIN) {
            return false;
        }
        throw new IOException("sendto(" + path + ") failed: " + Errno.name(errno) + meaning(errno));
    }

    private static String meaning(int errno) {
        return switch (errno) {
            case Errno.ENOENT, Errno.ECONNREFUSED -> " (systemd-journald is not running; the entry is lost, the next"
                    + " one is tried again)";
            case Errno.EMSGSIZE -> " (the entry is larger than the socket's send buffer)";
            default -> "";
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
