package dev.whokilled.rules.userspace;

import java.util.Optional;

/**
 * The fields a pattern can fill, by regex named group or by a fixed value in the pattern table. Immutable.
 *
 * <p>Group names are camelCase ({@code senderPid}) because Java regex group names allow only letters and digits.
 */
enum Field {
    /** The process the line is about: the victim of a kill, the process systemd is killing, the receiver of a signal. */
    PID("pid", true, true),
    /** That process's name. */
    COMM("comm", true, true),
    /** The signal: {@code 9}, {@code KILL}, {@code SIGKILL} or {@code 9/KILL}. */
    SIGNAL("signal", true, true),
    /** The systemd unit the line is about. */
    UNIT("unit", true, false),
    /** The unit result ({@code oom-kill}), the state that timed out ({@code stop-sigterm}) or the exit code kind. */
    RESULT("result", true, false),
    /** Who sent the signal, for {@code Received SIGTERM from PID N (x).} */
    SENDER_PID("senderPid", true, false),
    /** The sender's name. */
    SENDER_COMM("senderComm", true, false),
    /** The cgroup a userspace OOM killer killed. */
    CGROUP("cgroup", false, true),
    /** Why, in the killer's words; the whole message when no pattern group says it. */
    REASON("reason", false, true),
    /** The killer's name ({@code earlyoom}); required for a kill. */
    KILLER("killer", false, true);

    /** A fixed value meaning "the writer of the line": its identifier for {@link #UNIT}, its pid for {@link #PID}. */
    static final String WRITER = "@writer";

    private final String key;
    private final boolean forServiceEvent;
    private final boolean forKill;

    Field(String key, boolean forServiceEvent, boolean forKill) {
        this.key = key;
        this.forServiceEvent = forServiceEvent;
        this.forKill = forKill;
    }

    String key() {
        return key;
    }

    /** Whether evidence of this shape has a place for the field. */
    boolean fits(boolean kill) {
        return kill ? forKill : forServiceEvent;
    }

    static Optional<Field> fromKey(String key) {
        for (Field field : values()) {
            if (field.key.equals(key)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
