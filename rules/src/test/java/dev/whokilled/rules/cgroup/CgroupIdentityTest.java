package dev.whokilled.rules.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupIdentityTest {
    private static final String ID = "4f1f5e0c8a3b2d1e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e";

    private static String render(CgroupIdentity identity) {
        return String.join(" ", identity.unit().orElse("-"), identity.slice().orElse("-"),
                identity.containerId().orElse("-"),
                identity.runtime().map(ContainerRuntime::label).orElse("-"), identity.podUid().orElse("-"),
                identity.qosClass().map(QosClass::label).orElse("-"));
    }

    // Columns: unit slice containerId runtime podUid qos ("ID" stands for the 64-hex id, in the path and the result).
    // Layouts from systemd's unit naming, the kubelet's cgroupfs and systemd drivers, docker, containerd, CRI-O and
    // podman; the session-1.scope/ceo-oomtest path is the real memcg of the 6.18 fixture.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /system.slice/nginx.service                                                            | nginx.service system.slice - - - -
            /system.slice/system-getty.slice/getty@tty1.service                                     | getty@tty1.service system-getty.slice - - - -
            /user.slice/user-1000.slice/session-3.scope                                             | session-3.scope user-1000.slice - - - -
            /user.slice/user-1000.slice/user@1000.service/app.slice/app-foo.scope                   | app-foo.scope app.slice - - - -
            /user.slice/user-0.slice/session-1.scope/ceo-oomtest                                    | session-1.scope user-0.slice - - - -
            /init.scope                                                                             | init.scope - - - - -
            /docker/ID                                                                              | - - ID docker - -
            /system.slice/docker-ID.scope                                                           | docker-ID.scope system.slice ID docker - -
            /system.slice/containerd.service                                                        | containerd.service system.slice - - - -
            /machine.slice/libpod-ID.scope                                                          | libpod-ID.scope machine.slice ID podman - -
            /machine.slice/libpod-ID.scope/container                                                | libpod-ID.scope machine.slice ID podman - -
            /libpod_parent/libpod-ID                                                                | - - ID podman - -
            /system.slice/crio-ID.scope                                                             | crio-ID.scope system.slice ID cri-o - -
            /kubepods/burstable/pod0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/ID                          | - - ID - 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 burstable
            /kubepods/besteffort/pod0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/ID                         | - - ID - 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 besteffort
            /kubepods/pod0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/ID                                    | - - ID - 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 guaranteed
            /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice/cri-containerd-ID.scope | cri-containerd-ID.scope kubepods-burstable-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice ID containerd 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 burstable
            /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice/crio-ID.scope       | crio-ID.scope kubepods-besteffort-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice ID cri-o 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 besteffort
            /kubepods.slice/kubepods-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice/docker-ID.scope                                           | docker-ID.scope kubepods-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice ID docker 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 guaranteed
            /kubepods/burstable/pod6a2b3c4d5e6f708192a3b4c5d6e7f809/ID                              | - - ID - 6a2b3c4d5e6f708192a3b4c5d6e7f809 burstable
            /system.slice/containerd.service/kubepods-burstable-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice:cri-containerd:ID | containerd.service system.slice ID containerd - -
            """)
    void parse_knownLayouts_revealOwner(String path, String expected) {
        assertEquals(expected, render(CgroupIdentity.parse(path.replace("ID", ID))).replace(ID, "ID"));
    }

    // Near misses: each looks like a known layout but breaks one rule.
    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            /                                                          | - - - - - -
            ''                                                         | - - - - - -
            /.service/.slice                                           | - - - - - -
            /docker/4f1f5e0c                                           | - - - - - -
            /system.slice/docker-4f1f5e0c.scope                        | docker-4f1f5e0c.scope system.slice - - - -
            /system.slice/crio-conmon-ID.scope                         | crio-conmon-ID.scope system.slice - - - -
            /other/ID                                                  | - - - - - -
            /kubepods/burstable/podnot-a-uid/ID                        | - - - - - -
            /elsewhere/pod0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/ID      | - - - - - -
            /DOCKER/ID                                                 | - - - - - -
            """)
    void parse_nearMiss_leavesFieldsEmpty(String path, String expected) {
        assertEquals(expected, render(CgroupIdentity.parse(path.replace("ID", ID))).replace(ID, "ID"));
    }

    @Test
    void parse_keepsThePathAsGiven() {
        assertEquals("/a//b/", CgroupIdentity.parse("/a//b/").path());
    }

    @Test
    void new_runtimeWithoutContainer_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CgroupIdentity("/",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(ContainerRuntime.DOCKER),
                Optional.empty(), Optional.empty()));

        assertEquals("runtime DOCKER given without a containerId", e.getMessage());
    }

    @Test
    void new_shortContainerId_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CgroupIdentity("/",
                Optional.empty(), Optional.empty(), Optional.of("abc"), Optional.empty(), Optional.empty(),
                Optional.empty()));

        assertEquals("containerId must be 64 lower-case hex digits: abc", e.getMessage());
    }
}
