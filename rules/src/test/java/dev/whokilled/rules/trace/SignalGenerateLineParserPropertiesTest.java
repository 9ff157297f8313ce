package dev.whokilled.rules.trace;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SignalGenerateLineParserPropertiesTest {
    private static final String GOOD = "            kill-13461   (  13461) [001] d..1.  1612.970318: signal_generate:"
            + " sig=15 errno=0 code=0 comm=sleep pid=13459 grp=1 res=0";

    @Property
    void parse_anyString_neverThrows(@ForAll String line) {
        SignalGenerateLineParser.parse(line);
    }

    @Property
    void parse_anyBytes_neverThrows(@ForAll byte[] bytes) {
        SignalGenerateLineParser.parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Truncations, insertions and deletions of a real line: every outcome is allowed except an exception. */
    @Property
    void parse_mutatedLine_neverThrows(@ForAll @IntRange(min = 0, max = 200) int at,
                                       @ForAll @IntRange(min = 0, max = 200) int length,
                                       @ForAll("junk") String insert) {
        int from = Math.min(at, GOOD.length());
        int to = Math.min(from + length, GOOD.length());
        SignalGenerateLineParser.parse(GOOD.substring(0, from) + insert + GOOD.substring(to));
        SignalGenerateLineParser.parse(GOOD.substring(0, from));
    }

    /** The kernel's own format, filled with hostile comms and any valid numbers, parses back to the same fields. */
    @Property
    boolean parse_generatedLine_roundTrips(@ForAll("events") SignalGenerate e) {
        TraceLineOutcome outcome = SignalGenerateLineParser.parse(render(e));
        return outcome instanceof TraceLineOutcome.Parsed p && p.event().equals(e);
    }

    /** As kernel/trace/trace_output.c prints it: %16s-%-7d (%7d|-------) [%03d] flags %5lu.%06lu: event: body. */
    static String render(SignalGenerate e) {
        String tgid = e.senderTgid().isPresent() ? String.format("%7d", e.senderTgid().getAsInt()) : "-------";
        return String.format("%16s-%-7d (%s) [%03d] %s %5d.%06d: signal_generate: sig=%d errno=%d code=%d comm=%s pid=%d grp=%d res=%d",
                e.senderComm(), e.senderTid(), tgid, e.cpu(), e.flags(), e.timestampNanos() / 1_000_000_000L,
                e.timestampNanos() % 1_000_000_000L / 1_000, e.signal(), e.errno(), e.code(), e.targetComm(),
                e.targetPid(), e.group() ? 1 : 0, e.result());
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars(" -()[]:=.0123456789abcpidgrsCPULOST#").ofMaxLength(20);
    }

    /**
     * A comm as a process can set it: 1-15 characters of anything but NUL and newline. The parser drops the
     * column's leading padding, so a sender comm starting with a space cannot round-trip and is not generated.
     */
    @Provide
    Arbitrary<String> comms() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(" -()[]:=.,<>|#0123456789abcxyz").ofMinLength(1).ofMaxLength(15),
                Arbitraries.of("pid=1 grp=1", "x-1 (1) [0] f", ") [000] d..1. ", "comm=a pid=2", "<...>", "<idle>",
                        "a b-c", "CPU:1 [LOST 3", "sig=9 errno=0", "res=0 pid=", "--", "- (", "kworker/0:1-ev"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(15)
                        .filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\0') < 0));
    }

    @Provide
    Arbitrary<SignalGenerate> events() {
        Arbitrary<String> sender = comms().filter(s -> s.charAt(0) != ' ');
        Arbitrary<Integer> tid = Arbitraries.integers().between(0, 4_194_304);
        Arbitrary<OptionalInt> tgid = Arbitraries.integers().between(0, 4_194_304)
                .map(n -> n == 0 ? OptionalInt.empty() : OptionalInt.of(n));
        Arbitrary<Integer> cpu = Arbitraries.integers().between(0, 4095);
        Arbitrary<String> flags = Arbitraries.of("d..1.", "dNh2.", "dNh3.", "...1.", "d.s2.");
        Arbitrary<Long> nanos = Arbitraries.longs().between(0, 9_999_999_999_999L).map(n -> n / 1_000 * 1_000);
        Arbitrary<Integer> sig = Arbitraries.integers().between(1, 64);
        Arbitrary<Integer> code = Arbitraries.oneOf(Arbitraries.of(0, -6, -2, -1, 128, 1, 2), Arbitraries.integers());
        Arbitrary<Integer> pid = Arbitraries.integers().between(1, Integer.MAX_VALUE);
        Arbitrary<Integer> res = Arbitraries.integers().between(0, 4);
        Arbitrary<SignalGenerate> head = Combinators.combine(sender, tid, tgid, cpu, flags, nanos, sig, code)
                .as((s, t, g, c, f, n, si, co) -> new SignalGenerate(s, t, g, c, f, n, si, 0, co, "x", 1, true, 0));
        return Combinators.combine(head, comms(), pid, Arbitraries.of(true, false), res)
                .as((h, target, p, grp, r) -> new SignalGenerate(h.senderComm(), h.senderTid(), h.senderTgid(), h.cpu(),
                        h.flags(), h.timestampNanos(), h.signal(), h.errno(), h.code(), target, p, grp, r));
    }
}
