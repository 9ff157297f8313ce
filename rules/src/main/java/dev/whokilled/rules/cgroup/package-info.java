/**
 * Cgroup paths read as identities.
 *
 * <ul>
 *   <li>{@link dev.whokilled.rules.cgroup.CgroupIdentity}: a path to its systemd unit and slice, container id and
 *       runtime, Kubernetes pod UID and QoS class.</li>
 *   <li>{@link dev.whokilled.rules.cgroup.ContainerRuntime}, {@link dev.whokilled.rules.cgroup.QosClass}: the runtimes
 *       and QoS classes the names encode.</li>
 * </ul>
 */
package dev.whokilled.rules.cgroup;
