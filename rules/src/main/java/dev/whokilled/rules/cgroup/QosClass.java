package dev.whokilled.rules.cgroup;

/**
 * A Kubernetes pod's quality-of-service class, as the kubelet encodes it in the pod's cgroup path. Immutable.
 *
 * <p>The kubelet puts Guaranteed pods directly under {@code kubepods}, the others under {@code kubepods/burstable} and
 * {@code kubepods/besteffort} (cgroupfs driver) or {@code kubepods-burstable.slice} and {@code kubepods-besteffort.slice}
 * (systemd driver). The class decides the pod's {@code oom_score_adj}: -997 for Guaranteed, 1000 for BestEffort, in
 * between for Burstable, so it tells why the kernel chose one container over another.
 */
public enum QosClass {
    GUARANTEED("guaranteed"),
    BURSTABLE("burstable"),
    BEST_EFFORT("besteffort");

    private final String label;

    QosClass(String label) {
        this.label = label;
    }

    /** The name as it appears in cgroup paths. */
    public String label() {
        return label;
    }
}
