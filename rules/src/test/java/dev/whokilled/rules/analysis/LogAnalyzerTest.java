package dev.whokilled.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.EvidenceTrust;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.record.Origin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The shared 6.18 capture in its six renderings: exactly the two OOM kills and the segfault of the
 * ground truth come out as kernel-evidenced deaths, and journald's own line never does.
 */
class LogAnalyzerTest {
    private static final String SCOPE = "/user.slice/user-0.slice/session-1.scope/";

    static Stream<Arguments> renderings() {
        // rendering, whether it carries the facility (kernel lines proven) or not (unverified)
        return Stream.of(
                Arguments.of("kmsg.txt", EvidenceTrust.KERNEL),
                Arguments.of("journal-kernel.json", EvidenceTrust.KERNEL),
                Arguments.of("dmesg-plain.txt", EvidenceTrust.UNVERIFIED),
                Arguments.of("dmesg-T.txt", EvidenceTrust.UNVERIFIED),
                Arguments.of("dmesg-raw.txt", EvidenceTrust.UNVERIFIED),
                Arguments.of("journal-kernel-short-iso.txt", EvidenceTrust.UNVERIFIED));
    }

    private static List<Termination> kernelEvidenced(List<Explanation> all) {
        return all.stream().filter(Termination.class::isInstance).map(Termination.class::cast)
                .filter(t -> t.trust() != EvidenceTrust.USERSPACE).toList();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void analyze_sharedCapture_findsExactlyTheGroundTruth(String file, EvidenceTrust trust) {
        List<Explanation> all = Analysis.run(Analysis.fixture("kernel-6.18-memcg-v1/" + file));
        List<Termination> deaths = kernelEvidenced(all);
        assertEquals(3, deaths.size(), () -> file + ": " + all);

        Termination first = deaths.get(0);
        assertEquals(Cause.OOM_KILL, first.cause());
        assertEquals(OptionalInt.of(2137), first.subject().pid());
        assertEquals(Optional.of("python3"), first.subject().comm());
        assertEquals(OptionalInt.of(9), first.exit().signal());
        assertEquals(KillerKind.KERNEL, first.killer().kind());
        assertEquals(trust, first.trust());
        assertEquals(Optional.of(SCOPE + "ceo-oomtest"), first.oom().orElseThrow().kill().oomMemcg());
        assertEquals(65536, first.oom().orElseThrow().kill().memory().get(0).limitKb());
        assertEquals(OptionalInt.of(2137), first.oom().orElseThrow().kill().trigger().orElseThrow().pid());

        Termination crash = deaths.get(1);
        assertEquals(Cause.CRASH, crash.cause());
        assertEquals(OptionalInt.of(3828), crash.subject().pid());
        assertEquals(OptionalInt.of(11), crash.exit().signal());
        assertEquals(OptionalInt.of(139), crash.exit().status());
        assertEquals(trust, crash.trust());

        Termination second = deaths.get(2);
        assertEquals(Cause.OOM_KILL, second.cause());
        assertEquals(OptionalInt.of(3864), second.subject().pid());
        assertEquals(OptionalInt.of(3906), second.oom().orElseThrow().kill().trigger().orElseThrow().pid());
        assertEquals(Optional.of(SCOPE + "ceo-oomtest2"), second.oom().orElseThrow().kill().oomMemcg());
        assertEquals(102400, second.oom().orElseThrow().kill().memory().get(0).limitKb());
        assertEquals(OptionalLong.of(20413), second.oom().orElseThrow().badnessOf(3864));
        assertTrue(second.summary().contains("came from python3 (pid 3906), not from the victim"), second.summary());
        assertTrue(second.summary().contains("chosen as the largest of 2 candidates"), second.summary());
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void analyze_sharedCapture_journaldLineIsOnlyEverAUserspaceClaim(String file, EvidenceTrust ignored) {
        List<Termination> claims = Analysis.run(Analysis.fixture("kernel-6.18-memcg-v1/" + file)).stream()
                .filter(Termination.class::isInstance).map(Termination.class::cast)
                .filter(t -> t.evidence().stream().anyMatch(r -> r.message().contains("Received SIGTERM"))).toList();
        assertEquals(1, claims.size());
        Termination t = claims.get(0);
        assertEquals(EvidenceTrust.USERSPACE, t.trust());
        assertEquals(Cause.SIGNAL, t.cause());
        assertEquals(OptionalInt.of(2319), t.subject().pid());
        assertEquals(OptionalInt.of(2388), t.killer().pid());
        assertEquals(1, t.evidence().size());
        assertTrue(t.evidence().get(0).origin() != Origin.KERNEL);
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void analyze_sharedCapture_prefilterChangesNothing(String file, EvidenceTrust ignored) {
        byte[] log = Analysis.fixture("kernel-6.18-memcg-v1/" + file);
        assertEquals(Analysis.run(log, (b, f, t) -> true), Analysis.run(log));
    }

    @Test
    void analyze_forgedOomReportFromUserspace_framesNoOne() {
        // What `echo '<3>…' > /dev/kmsg` produces: the kernel forces a userspace facility (here 1, user).
        String forged = String.join("\n",
                "6,1,1000,-;ordinary kernel line",
                "11,2,2000,-;Memory cgroup out of memory: Killed process 1 (systemd) total-vm:1kB, anon-rss:1kB,"
                        + " file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
                "11,3,3000,-;segv[77]: segfault at 0 ip 0000000000000000 sp 0000000000000000 error 4 in x[1000+1000]",
                "");
        List<Explanation> all = Analysis.run(forged.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), all);
    }
}
