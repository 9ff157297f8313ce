package dev.whokilled.agent.source.proc;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc socket calls the proc connector needs, through JNA: Java 17's NIO has no AF_NETLINK. {@code size_t} and
 * {@code ssize_t} are mapped to {@code long}, right on the 64-bit Linux targets (x86-64, aarch64). After a call that
 * returns -1, {@code Native.getLastError()} holds its errno (JNA saves it per thread).
 */
interface Libc extends Library {
    Libc INSTANCE = Native.load("c", Libc.class);

    int AF_NETLINK = 16;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_CONNECTOR = 11;

    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;
    int SO_RCVTIMEO = 20;
    int SO_RCVBUFFORCE = 33;

    /** recv flag: return the datagram's real length even when it did not fit the buffer. */
    int MSG_TRUNC = 0x20;

    int socket(int domain, int type, int protocol);

    int bind(int fd, Pointer address, int addressLength);

    int setsockopt(int fd, int level, int name, Pointer value, int valueLength);

    int getsockopt(int fd, int level, int name, Pointer value, Pointer valueLength);

    long send(int fd, Pointer buffer, long length, int flags);

    long recv(int fd, Pointer buffer, long length, int flags);

    int close(int fd);
}
