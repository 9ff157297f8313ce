package dev.whokilled.rules.exit;

/** How a number or name given by a person was read; one input can have several readings. */
public enum Interpretation {
    /** A shell or container exit status, 0-255, where 128+N means "killed by signal N" ({@code $?}, docker, Kubernetes). */
    SHELL_STATUS("a shell or container exit status"),
    /** A raw wait(2) status, as system(3), Python's os.system, Perl's {@code $?} and the kernel's proc connector give it. */
    WAIT_STATUS("a raw wait(2) status"),
    /** A negative return code -N meaning "killed by signal N", as Python's subprocess reports it. */
    NEGATIVE_RETURN("a negative return code (Python's subprocess: -N = killed by signal N)"),
    /** A signal name or number. */
    SIGNAL("a signal");

    private final String description;

    Interpretation(String description) {
        this.description = description;
    }

    /** "a raw wait(2) status": completes "read as …". */
    public String description() {
        return description;
    }
}
