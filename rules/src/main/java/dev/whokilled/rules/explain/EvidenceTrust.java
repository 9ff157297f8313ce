package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.UserspaceKill;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.Origin;
import java.util.Collection;

/**
 * How far a termination's evidence can be trusted, from the weakest record it rests on.
 */
public enum EvidenceTrust {
    /** Every record is kernel-facility: the kernel itself said so. */
    KERNEL("kernel"),
    /** The rendering cannot tell kernel lines from lines a process wrote into the kernel log (plain dmesg). */
    UNVERIFIED("unverified"),
    /** It rests on a message a process wrote (systemd, earlyoom, a daemon's own account). */
    USERSPACE("userspace");

    private final String label;

    EvidenceTrust(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The trust of a piece of evidence: a supervisor's or userspace killer's message is a process's claim
     * whatever log it sits in; kernel evidence is as good as the weakest record it rests on.
     */
    public static EvidenceTrust of(Evidence evidence) {
        if (evidence instanceof ServiceEvent || evidence instanceof UserspaceKill) {
            return USERSPACE;
        }
        return of(evidence.records());
    }

    /** The trust of the records that carry the verdict: the weakest wins. */
    public static EvidenceTrust of(Collection<KernelRecord> records) {
        EvidenceTrust trust = KERNEL;
        for (KernelRecord r : records) {
            EvidenceTrust t = of(r.origin());
            if (t.ordinal() > trust.ordinal()) {
                trust = t;
            }
        }
        return trust;
    }

    static EvidenceTrust of(Origin origin) {
        return switch (origin) {
            case KERNEL -> KERNEL;
            case UNVERIFIED -> UNVERIFIED;
            case USERSPACE -> USERSPACE;
        };
    }
}
