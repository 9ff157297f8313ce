package dev.whokilled.rules.evidence;

import java.util.Optional;

/** Why the OOM killer ran: the kernel's {@code enum oom_constraint} ({@code oom-kill:constraint=CONSTRAINT_*}). */
public enum OomConstraint {
    /** The whole machine ran out of memory ({@code CONSTRAINT_NONE}). */
    GLOBAL("global", "CONSTRAINT_NONE"),
    /** A memory cgroup hit its limit ({@code CONSTRAINT_MEMCG}). */
    MEMCG("memcg", "CONSTRAINT_MEMCG"),
    /** The allocating task's cpuset ran out ({@code CONSTRAINT_CPUSET}). */
    CPUSET("cpuset", "CONSTRAINT_CPUSET"),
    /** The allocation's NUMA memory policy ran out ({@code CONSTRAINT_MEMORY_POLICY}). */
    MEMPOLICY("mempolicy", "CONSTRAINT_MEMORY_POLICY"),
    /** The log does not say (the summary line is missing and nothing else tells). */
    UNKNOWN("unknown", "");

    private final String label;
    private final String kernelName;

    OomConstraint(String label, String kernelName) {
        this.label = label;
        this.kernelName = kernelName;
    }

    /** The name in our JSON ({@code oom.constraint}). */
    public String label() {
        return label;
    }

    /** Parses the kernel's spelling, e.g. {@code CONSTRAINT_MEMCG}. */
    public static Optional<OomConstraint> fromKernelName(String name) {
        for (OomConstraint c : values()) {
            if (!c.kernelName.isEmpty() && c.kernelName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
