package dev.whokilled.rules.cgroup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CgroupIdentityPropertiesTest {
    @Property
    boolean parse_anyString_neverThrowsAndKeepsPath(@ForAll String path) {
        return CgroupIdentity.parse(path).path().equals(path);
    }

    @Property
    void parse_anyBytes_neverThrows(@ForAll byte[] bytes) {
        CgroupIdentity.parse(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property
    boolean parse_pathsOfKnownSegments_neverThrowAndKeepInvariants(@ForAll("knownSegmentPaths") String path) {
        CgroupIdentity identity = CgroupIdentity.parse(path);
        return identity.runtime().isEmpty() || identity.containerId().isPresent();
    }

    @Provide
    Arbitrary<String> knownSegmentPaths() {
        String id = "4f1f5e0c8a3b2d1e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e";
        List<String> segments = List.of("", "system.slice", "kubepods", "burstable", "besteffort", "docker", id,
                "docker-" + id + ".scope", "crio-" + id + ".scope", "libpod-" + id, "pod0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                "kubepods-burstable-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice", "x:cri-containerd:" + id,
                "nginx.service", "session-1.scope", ".slice", "pod", "kubepods-pod_.slice", "\u0000", " ");
        return Arbitraries.of(segments).list().ofMaxSize(8).map(list -> "/" + String.join("/", list));
    }
}
