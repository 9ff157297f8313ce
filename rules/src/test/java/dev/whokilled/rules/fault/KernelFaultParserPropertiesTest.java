package dev.whokilled.rules.fault;

import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KernelFaultParserPropertiesTest {
    private static KernelRecord record(Origin origin, String message) {
        return new KernelRecord(LogFormat.KMSG, 1, Stamp.NONE, Provenance.of(origin), message, Map.of());
    }

    @Property
    void parse_anyString_neverThrows(@ForAll String message, @ForAll Origin origin) {
        KernelFaultParser.parse(record(origin, message));
    }

    @Property
    void parse_anyBytes_neverThrows(@ForAll byte[] bytes, @ForAll Origin origin) {
        KernelFaultParser.parse(record(origin, new String(bytes, StandardCharsets.UTF_8)));
        KernelFaultParser.parse(record(origin, new String(bytes, StandardCharsets.ISO_8859_1)));
    }

    @Property
    void parse_mutatedFaultLine_neverThrows(@ForAll("mutatedFaultLines") String message, @ForAll Origin origin) {
        KernelFaultParser.parse(record(origin, message));
    }

    /** The anti-spoofing rule: a line written by a process never becomes a fault, however well it is forged. */
    @Property
    boolean parse_userspaceRecord_neverYieldsFault(@ForAll("faultLines") String message) {
        return KernelFaultParser.parse(record(Origin.USERSPACE, message)).isEmpty();
    }

    /** The same forged lines do parse when the kernel wrote them, so the property above is not vacuous. */
    @Property
    boolean parse_kernelRecordOfGeneratedSegfault_keepsCommAndPid(@ForAll("comms") String comm,
                                                                  @ForAll("pids") int pid) {
        String message = comm + "[" + pid + "]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4"
                + " in segv[1139,562423474000+1000] likely on CPU 1 (core 1, socket 0)";
        Optional<KernelFault> fault = KernelFaultParser.parse(record(Origin.KERNEL, message));
        return fault.isPresent() && fault.get().comm().equals(comm) && fault.get().pid() == pid;
    }

    @Provide
    Arbitrary<String> comms() {
        return Arbitraries.strings().withChars(" []:/()\"'\\x.-_abcXYZ019").ofMinLength(0).ofMaxLength(15);
    }

    @Provide
    Arbitrary<Integer> pids() {
        return Arbitraries.integers().between(1, Integer.MAX_VALUE);
    }

    @Provide
    Arbitrary<String> faultLines() {
        Arbitrary<String> comm = comms();
        Arbitrary<Integer> pid = pids();
        Arbitrary<String> template = Arbitraries.of(
                "%s[%d]: segfault at 0 ip 0000562423474139 sp 00007ffc10aee880 error 4 in segv[1139,562423474000+1000]",
                "traps: %s[%d] general protection fault ip:401136 sp:7ffd2b6c8f10 error:0 in a[401000+1000]",
                "traps: %s[%d] trap invalid opcode ip:401136 sp:7ffd2b6c8f10 error:0 in a[401000+1000]",
                "%s/%d: potentially unexpected fatal signal 11.",
                "audit: type=1701 audit(1700000000.123:45): auid=0 uid=0 gid=0 ses=1 subj=u comm=\"%s\" pid=%d sig=11 res=1");
        return Combinators.combine(template, comm, pid).as((t, c, p) -> String.format(t, c, p));
    }

    @Provide
    Arbitrary<String> mutatedFaultLines() {
        return Combinators.combine(faultLines(), Arbitraries.integers().between(0, 200), Arbitraries.strings().ofMaxLength(8))
                .as((line, at, insert) -> {
                    int cut = Math.min(at, line.length());
                    return line.substring(0, cut) + insert + line.substring(Math.min(line.length(), cut + insert.length()));
                });
    }
}
