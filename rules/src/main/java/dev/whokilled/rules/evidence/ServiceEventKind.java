package dev.whokilled.rules.evidence;

/** What a service manager (systemd) said about a unit or one of its processes. */
public enum ServiceEventKind {
    /** {@code Main process exited, code=killed, status=9/KILL} (or {@code code=dumped}). */
    MAIN_PROCESS_KILLED,
    /** {@code State 'stop-sigterm' timed out. Killing.}: the grace period ran out. */
    STOP_TIMEOUT,
    /** {@code Killing process N (x) with signal SIGKILL.} */
    KILLING_PROCESS,
    /** {@code Failed with result 'oom-kill'} (or 'timeout', 'signal', 'core-dump', …). */
    FAILED_RESULT,
    /** {@code A process of this unit has been killed by the OOM killer.} */
    UNIT_OOM_KILLED,
    /** {@code Received SIGTERM from PID N (x).}: a daemon's own account of a signal it received. */
    SIGNAL_RECEIVED;
}
