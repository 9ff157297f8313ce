package dev.whokilled.rules.signal;

/** What the kernel does with a signal the process has not caught, blocked or ignored (signal(7), "Signal dispositions"). */
public enum DefaultAction {
    /** Default action is to terminate the process. */
    TERM("terminate"),
    /** Default action is to terminate the process and dump core (see core(5)). */
    CORE("terminate and dump core"),
    /** Default action is to ignore the signal. */
    IGN("ignore"),
    /** Default action is to stop the process. */
    STOP("stop (pause)"),
    /** Default action is to continue the process if it is currently stopped. */
    CONT("continue if stopped");

    private final String description;

    DefaultAction(String description) {
        this.description = description;
    }

    /** A few words for a person: {@code "terminate and dump core"}. */
    public String description() {
        return description;
    }

    /** Whether this action ends the process: {@link #TERM} and {@link #CORE}. */
    public boolean ends() {
        return this == TERM || this == CORE;
    }
}
