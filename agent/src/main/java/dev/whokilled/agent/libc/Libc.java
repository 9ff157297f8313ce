package dev.whokilled.agent.libc;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc socket calls the agent needs, through JNA: Java 17's NIO has neither AF_NETLINK (the proc connector) nor
 * AF_UNIX datagram sockets (the journal's native protocol). {@code size_t} and {@code ssize_t} are mapped to
 * {@code long}, right on the 64-bit Linux targets (x86-64, aarch64). After a call that returns -1,
 * {@code Native.getLastError()} holds its errno (JNA saves it per thread). Thread-safe (libc's calls are).
 */
public interface Libc extends Library {
    Libc INSTANCE = Native.load("c", Libc.class);

    int AF_UNIX = 1;
    int AF_NETLINK = 16;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_CONNECTOR = 11;

    int SOL_SOCKET = 1;
    int SO_SNDBUF = 7;
    int SO_RCVBUF = 8;
    int SO_RCVTIMEO = 20;
    int SO_RCVBUFFORCE = 33;

    /** recv flag: return the datagram's real length even when it did not fit the buffer. */
    int MSG_TRUNC = 0x20;
    /** send flag: fail with EAGAIN rather than wait when the receiver's queue is full. */
    int MSG_DONTWAIT = 0x40;
    /** send flag: no SIGPIPE (a JVM ignores it anyway; said for the reader). */
    int MSG_NOSIGNAL = 0x4000;

    int socket(int domain, int type, int protocol);

    int bind(int fd, Pointer address, int addressLength);

    int setsockopt(int fd, int level, int name, Pointer value, int valueLength);

    int getsockopt(int fd, int level, int name, Pointer value, Pointer valueLength);

    long send(int fd, Pointer buffer, long length, int flags);

    long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength);

    long recv(int fd, Pointer buffer, long length, int flags);

    int close(int fd);
}
