package dev.whokilled.rules.userspace;

import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UserspaceMessageParserPropertiesTest {
    private static final UserspaceMessageParser PARSER = UserspaceMessageParser.withDefaultPatterns();

    private static KernelRecord record(Origin origin, Optional<String> identifier, String message) {
        return new KernelRecord(LogFormat.JOURNAL_JSON, 1, Stamp.NONE, new Provenance(origin, OptionalInt.empty(),
                OptionalInt.empty(), identifier, OptionalInt.of(7)), message, Map.of());
    }

    @Property
    void parse_anyString_neverThrows(@ForAll String message, @ForAll("identifiers") String identifier,
                                     @ForAll Origin origin) {
        PARSER.parse(record(origin, Optional.of(identifier), message));
        PARSER.parse(record(origin, Optional.empty(), message));
    }

    @Property
    void parse_anyBytes_neverThrows(@ForAll byte[] bytes, @ForAll("identifiers") String identifier) {
        PARSER.parse(record(Origin.USERSPACE, Optional.of(identifier), new String(bytes, StandardCharsets.UTF_8)));
    }

    @Property
    void parse_mutatedKnownLine_neverThrows(@ForAll("mutatedLines") String message, @ForAll("identifiers") String identifier) {
        PARSER.parse(record(Origin.USERSPACE, Optional.of(identifier), message));
        PARSER.parse(record(Origin.UNVERIFIED, Optional.empty(), identifier + "[12]: " + message));
    }

    @Property
    boolean parse_kernelOrigin_neverYieldsEvidence(@ForAll("mutatedLines") String message,
                                                   @ForAll("identifiers") String identifier) {
        return PARSER.parse(record(Origin.KERNEL, Optional.of(identifier), message)).isEmpty();
    }

    @Provide
    Arbitrary<String> identifiers() {
        return Arbitraries.of("systemd", "systemd-journald", "systemd-oomd", "earlyoom", "kernel", "bash", "");
    }

    @Provide
    Arbitrary<String> mutatedLines() {
        Arbitrary<String> line = Arbitraries.of(
                "nginx.service: Main process exited, code=killed, status=9/KILL",
                "nginx.service: State 'stop-sigterm' timed out. Killing.",
                "nginx.service: Killing process 1234 (java) with signal SIGKILL.",
                "nginx.service: Failed with result 'oom-kill'.",
                "Received SIGTERM from PID 2388 (bash).",
                "Killed /user.slice/app.slice/leaky.service due to swap used (2000000) / total (2097148) being more than 90.00%",
                "sending SIGTERM to process 1234 uid 1000 \"firefox\": badness 900, VmRSS 1234 MiB");
        return Combinators.combine(line, Arbitraries.integers().between(0, 120), Arbitraries.strings().ofMaxLength(12))
                .as((text, at, insert) -> {
                    int cut = Math.min(at, text.length());
                    return text.substring(0, cut) + insert + text.substring(cut);
                });
    }
}
