package dev.whokilled.cli;

import dev.whokilled.agent.store.EventStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.agent.store.StoreConfig;
import dev.whokilled.agent.store.StoreEntry;
import dev.whokilled.cli.render.GapText;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StoreAnalysis.follow, in-process: a gap stored while following reaches its sink, beside the deaths. */
class FollowTest {
    @TempDir
    Path tmp;

    private static StoreEntry killed(int pid) {
        return StoreEntry.of(new ProcessExit(pid, 9, 1_000_000_000L + pid, Instant.now(), "boot-1", OptionalInt.empty(),
                Optional.empty(), List.of()));
    }

    @Test
    void follow_gapStoredWhileFollowing_goesToTheGapSinkAsStored() throws Exception {
        Path store = tmp.resolve("store");
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Gap gap = new Gap("proc-connector", Instant.parse("2026-11-22T03:10:00Z"), Instant.parse("2026-11-22T03:10:01Z"),
                OptionalLong.empty(), "netlink receive buffer overrun (ENOBUFS)", Instant.now());
        try (EventStore s = EventStore.open(store, StoreConfig.defaults(), Clock.systemUTC())) {
            s.append(killed(4242));
            s.flush();
            Thread follower = new Thread(() -> StoreAnalysis.follow(store, Optional.of(Instant.EPOCH), stop::get,
                    seen::add, seen::add), "follower");
            follower.start();
            try {
                Death first = assertInstanceOf(Death.class, seen.poll(20, TimeUnit.SECONDS));
                assertEquals(OptionalInt.of(4242), first.termination().subject().pid());
                s.append(StoreEntry.of(gap));
                s.flush();
                assertEquals(gap, seen.poll(20, TimeUnit.SECONDS));
                s.append(killed(4343));
                s.flush();
                Death after = assertInstanceOf(Death.class, seen.poll(20, TimeUnit.SECONDS));
                assertEquals(OptionalInt.of(4343), after.termination().subject().pid());
            } finally {
                stop.set(true);
                follower.join(5000);
            }
            assertTrue(seen.isEmpty(), seen::toString);
        }
        assertEquals("whokilled: no complete data 2026-11-22 03:10:00 to 2026-11-22 03:10:01 UTC (proc-connector: netlink"
                + " receive buffer overrun (ENOBUFS))", GapText.line(gap));
    }
}
