package dev.whokilled.rules.cgroup;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cgroup path says about who owns a process: the systemd unit and slice, the container and its runtime, the
 * Kubernetes pod and its QoS class. Immutable and thread-safe.
 *
 * <p>Read from the names systemd and the container runtimes give their cgroups, the same on cgroup v1 (one hierarchy's
 * path) and v2. Each field is empty when the path does not say it; {@link #parse} accepts any string and never throws
 * for one. With the kubelet's cgroupfs driver ({@code /kubepods/burstable/pod<uid>/<id>}) the path names the container
 * but not its runtime, so {@link #runtime} stays empty there.
 *
 * @param path the path as given
 * @param unit the innermost systemd unit holding the process ({@code nginx.service}, {@code session-1.scope}); a plain
 *             group below it ({@code …/session-1.scope/ceo-oomtest}) belongs to that unit
 * @param slice the slice directly containing that unit, or the innermost slice when there is no unit
 * @param containerId the innermost container's full 64-hex-digit id
 * @param runtime the runtime that named the container's cgroup
 * @param podUid the Kubernetes pod UID, with dashes (the systemd driver's underscores restored); static pods have a
 *               32-hex-digit hash instead of a UUID
 * @param qosClass the pod's QoS class
 */
public record CgroupIdentity(String path, Optional<String> unit, Optional<String> slice, Optional<String> containerId,
                             Optional<ContainerRuntime> runtime, Optional<String> podUid, Optional<QosClass> qosClass) {
    private static final String ID = "([0-9a-f]{64})";
    private static final Pattern CONTAINER_ID = Pattern.compile(ID);
    private static final Pattern POD_UID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}");
    private static final Pattern DOCKER_SCOPE = Pattern.compile("docker-" + ID + "\\.scope");
    private static final Pattern CONTAINERD_SCOPE = Pattern.compile("cri-containerd-" + ID + "\\.scope");
    /** The form some containerd setups (kind, k3s) use as a single cgroup name: {@code <pod slice>:cri-containerd:<id>}. */
    private static final Pattern CONTAINERD_COLON = Pattern.compile(".*:cri-containerd:" + ID);
    private static final Pattern CRIO_SCOPE = Pattern.compile("crio-" + ID + "\\.scope");
    private static final Pattern PODMAN = Pattern.compile("libpod-" + ID + "(?:\\.scope)?");
    /** Kubelet, cgroupfs driver: {@code pod<uid>}. */
    private static final Pattern POD_CGROUPFS = Pattern.compile("pod(?<uid>[0-9a-f-]{32,36})");
    /** Kubelet, systemd driver: {@code kubepods-burstable-pod<uid with _ for ->.slice}, or {@code kubepods-pod<uid>.slice}. */
    private static final Pattern POD_SYSTEMD = Pattern.compile(
            "kubepods(?:-(?<qos>burstable|besteffort))?-pod(?<uid>[0-9a-f_]{32,36})\\.slice");

    public CgroupIdentity {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(podUid, "podUid");
        Objects.requireNonNull(qosClass, "qosClass");
        containerId.ifPresent(id -> {
            if (!CONTAINER_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("containerId must be 64 lower-case hex digits: " + id);
            }
        });
        podUid.ifPresent(uid -> {
            if (!POD_UID.matcher(uid).matches()) {
                throw new IllegalArgumentException("podUid must be a UUID or 32 hex digits: " + uid);
            }
        });
        if (runtime.isPresent() && containerId.isEmpty()) {
            throw new IllegalArgumentException("runtime " + runtime.get() + " given without a containerId");
        }
    }

    /** The identity a cgroup path reveals; all fields empty when it reveals nothing. */
    public static CgroupIdentity parse(String cgroupPath) {
        String[] segments = cgroupPath.split("/");
        int unitAt = -1;
        for (int i = 0; i < segments.length; i++) {
            if (isUnit(segments[i])) {
                unitAt = i;
            }
        }
        Optional<String> slice = Optional.empty();
        int sliceEnd = unitAt >= 0 ? unitAt : segments.length;
        for (int i = 0; i < sliceEnd; i++) {
            if (segments[i].endsWith(".slice") && segments[i].length() > ".slice".length()) {
                slice = Optional.of(segments[i]);
            }
        }
        Optional<String> containerId = Optional.empty();
        Optional<ContainerRuntime> runtime = Optional.empty();
        Optional<String> podUid = Optional.empty();
        Optional<QosClass> qos = Optional.empty();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            String parent = i > 0 ? segments[i - 1] : "";
            Optional<ContainerRuntime> named = Optional.empty();
            String id = null;
            Matcher m;
            if ((m = DOCKER_SCOPE.matcher(segment)).matches()) {
                named = Optional.of(ContainerRuntime.DOCKER);
            } else if ((m = CONTAINERD_SCOPE.matcher(segment)).matches()
                    || (m = CONTAINERD_COLON.matcher(segment)).matches()) {
                named = Optional.of(ContainerRuntime.CONTAINERD);
            } else if ((m = CRIO_SCOPE.matcher(segment)).matches()) {
                named = Optional.of(ContainerRuntime.CRI_O);
            } else if ((m = PODMAN.matcher(segment)).matches()) {
                named = Optional.of(ContainerRuntime.PODMAN);
            } else if ((m = CONTAINER_ID.matcher(segment)).matches() && parent.equals("docker")) {
                named = Optional.of(ContainerRuntime.DOCKER);
            } else if ((m = CONTAINER_ID.matcher(segment)).matches() && podUid.isPresent()) {
                id = m.group(1);
            }
            if (named.isPresent()) {
                id = m.group(1);
            }
            if (id != null) {
                containerId = Optional.of(id);
                runtime = named;
            }
            if ((m = POD_SYSTEMD.matcher(segment)).matches()) {
                Optional<String> uid = podUid(m.group("uid").replace('_', '-'));
                if (uid.isPresent()) {
                    podUid = uid;
                    qos = Optional.of(m.group("qos") == null ? QosClass.GUARANTEED
                            : m.group("qos").equals("burstable") ? QosClass.BURSTABLE : QosClass.BEST_EFFORT);
                }
            } else if ((m = POD_CGROUPFS.matcher(segment)).matches()) {
                Optional<String> uid = podUid(m.group("uid"));
                Optional<QosClass> parentQos = switch (parent) {
                    case "kubepods" -> Optional.of(QosClass.GUARANTEED);
                    case "burstable" -> Optional.of(QosClass.BURSTABLE);
                    case "besteffort" -> Optional.of(QosClass.BEST_EFFORT);
                    default -> Optional.empty();
                };
                if (uid.isPresent() && parentQos.isPresent()) {
                    podUid = uid;
                    qos = parentQos;
                }
            }
        }
        return new CgroupIdentity(cgroupPath, unitAt >= 0 ? Optional.of(segments[unitAt]) : Optional.empty(), slice,
                containerId, runtime, podUid, qos);
    }

    /** Unit types that own processes and so appear as cgroups: services, scopes, and the helpers of sockets, mounts, swaps. */
    private static boolean isUnit(String segment) {
        for (String suffix : new String[] {".service", ".scope", ".socket", ".mount", ".swap"}) {
            if (segment.endsWith(suffix) && segment.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> podUid(String candidate) {
        return POD_UID.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }
}
