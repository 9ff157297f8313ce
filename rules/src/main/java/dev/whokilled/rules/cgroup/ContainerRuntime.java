package dev.whokilled.rules.cgroup;

/** The container runtimes whose cgroup names we recognise. Immutable. */
public enum ContainerRuntime {
    /** Docker: {@code /docker/<id>} (cgroupfs driver) or {@code docker-<id>.scope} (systemd driver). */
    DOCKER("docker"),
    /** containerd's CRI plugin: {@code cri-containerd-<id>.scope} (systemd driver). */
    CONTAINERD("containerd"),
    /** CRI-O: {@code crio-<id>.scope} (systemd driver); {@code crio-conmon-<id>.scope} is its monitor, not the container. */
    CRI_O("cri-o"),
    /** Podman: {@code libpod-<id>.scope}, or {@code libpod-<id>} under {@code libpod_parent} (cgroupfs). */
    PODMAN("podman");

    private final String label;

    ContainerRuntime(String label) {
        this.label = label;
    }

    /** The runtime's usual name, for output. */
    public String label() {
        return label;
    }
}
