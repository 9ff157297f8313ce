package dev.whokilled.agent.libc;

import java.util.Map;

/** Names for the errno values the agent's socket calls can fail with (x86-64/aarch64 numbering). */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EMSGSIZE = 90;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(EINTR, "EINTR"),
            Map.entry(9, "EBADF"), Map.entry(EAGAIN, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"),
            Map.entry(38, "ENOSYS"), Map.entry(EMSGSIZE, "EMSGSIZE"), Map.entry(93, "EPROTONOSUPPORT"),
            Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"), Map.entry(98, "EADDRINUSE"),
            Map.entry(ENOBUFS, "ENOBUFS"), Map.entry(ECONNREFUSED, "ECONNREFUSED"));

    private Errno() {
    }

    /** {@code "EPERM"}, or {@code "errno 77"} for a number not in the table. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
