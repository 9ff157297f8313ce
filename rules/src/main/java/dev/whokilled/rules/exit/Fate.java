package dev.whokilled.rules.exit;

/** What happened to the process under one reading of a status. */
public enum Fate {
    /** It called exit() (or returned from main) with an exit code: nothing killed it. */
    EXITED,
    /** A signal's default action ended it (terminate, or terminate and dump core). */
    KILLED,
    /** A stop signal paused it; it is still alive ({@code WIFSTOPPED}, or a shell's 128+N for a stopped job). */
    STOPPED,
    /** SIGCONT resumed it ({@code WIFCONTINUED}, raw status 0xffff). */
    CONTINUED,
    /** The signal is ignored by default (SIGCHLD, SIGURG, SIGWINCH): it neither ends nor stops a process. */
    IGNORED;
}
