package dev.whokilled.agent.store;

import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.LogFormat;
import dev.whokilled.rules.record.Origin;
import dev.whokilled.rules.record.Provenance;
import dev.whokilled.rules.record.Stamp;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.record.WallTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Entries of every type, full and minimal, shared by the store tests. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-11-22T17:53:00.123456789Z");
    static final String BOOT = "6f1c7a2e-1b2d-4c5e-9f00-0123456789ab";

    private Samples() {
    }

    static ProcessIdentity identity(int pid, String cmdline) {
        return new ProcessIdentity(pid, OptionalLong.of(123456), OptionalInt.of(1), Optional.of("java"),
                Optional.of(cmdline), OptionalLong.of(1000), Optional.of("/system.slice/app.service"));
    }

    static ProcessIdentity bareIdentity(int pid) {
        return new ProcessIdentity(pid, OptionalLong.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), Optional.empty());
    }

    static ProcessExit exit(int pid, Instant at) {
        return new ProcessExit(pid, 9, 1_612_970_318_000L, at, BOOT, OptionalInt.of(900),
                Optional.of(identity(pid, "java -jar app.jar")), List.of(identity(pid + 1, "worker --id 1")));
    }

    static ProcessExit bareExit(int pid, Instant at) {
        return new ProcessExit(pid, 1 << 8, 0, at, BOOT, OptionalInt.empty(), Optional.empty(), List.of());
    }

    static SignalSent signal(int target, Instant at) {
        return new SignalSent(15, 0, target, Optional.of("sleep"), true, 0, 13461, OptionalInt.of(13461),
                Optional.of("kill"), 1_612_970_318_000L, at, Optional.of(identity(13461, "kill -TERM " + target)));
    }

    static SignalSent bareSignal(int target, Instant at) {
        return new SignalSent(9, 128, target, Optional.empty(), false, 0, 0, OptionalInt.empty(), Optional.empty(),
                0, at, Optional.empty());
    }

    static Gap gap(Instant at) {
        return new Gap("kmsg", at.minusSeconds(240), at, OptionalLong.of(17), "ring buffer overwritten (EPIPE)", at);
    }

    static Gap bareGap(Instant at) {
        return new Gap("agent", at, at, OptionalLong.empty(), "agent down", at);
    }

    static KernelRecord kernel(String message) {
        Stamp stamp = new Stamp(OptionalLong.of(4711), OptionalLong.of(1_612_970_318L),
                Optional.of(new WallTime(T0, TimeBasis.RECEIVED)), Optional.of(BOOT));
        Provenance provenance = new Provenance(Origin.KERNEL, OptionalInt.of(0), OptionalInt.of(3),
                Optional.of("kernel"), OptionalInt.empty());
        return new KernelRecord(LogFormat.KMSG, 0, stamp, provenance, message,
                Map.of("SUBSYSTEM", "memory", "DEVICE", "+memcg:app"));
    }

    static KernelRecord bareKernel(String message) {
        return new KernelRecord(LogFormat.JOURNAL_JSON, 7, Stamp.NONE, Provenance.of(Origin.UNVERIFIED), message, Map.of());
    }

    /** One entry of each type, observed at {@code at}; the kernel one with {@code message}. */
    static List<StoreEntry> everyType(Instant at, String message) {
        return List.of(StoreEntry.of(exit(4242, at)), StoreEntry.of(bareExit(4243, at)),
                StoreEntry.of(signal(4242, at)), StoreEntry.of(bareSignal(4242, at)),
                StoreEntry.of(gap(at)), StoreEntry.of(bareGap(at)),
                StoreEntry.of(kernel(message), at), StoreEntry.of(bareKernel(message), at));
    }

    /** A small entry whose identity is its pid, for ordering and exactly-once checks. */
    static StoreEntry numbered(int n, Instant at) {
        return StoreEntry.of(bareExit(n, at));
    }

    static int number(StoreEntry e) {
        return ((ProcessExit) ((StoreEntry.FactEntry) e).fact()).pid();
    }
}
