package dev.whokilled.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.EvidenceTrust;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.Notice;
import dev.whokilled.rules.explain.When;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BackgroundWriterTest {
    private static Notice notice(int i) {
        return new Notice("n" + i, new When(Optional.empty(), OptionalLong.of(i), Optional.empty()), "summary " + i,
                EvidenceTrust.KERNEL, List.of());
    }

    /** Records what it is given, on which thread, and fails on request. */
    private static final class Recording implements ExplanationWriter {
        final List<String> written = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        final String failOn;

        Recording(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public void write(Explanation explanation) {
            String kind = ((Notice) explanation).kind();
            threads.add(Thread.currentThread());
            if (kind.equals(failOn)) {
                throw new IllegalStateException("broken on " + kind);
            }
            written.add(kind);
        }

        @Override
        public void write(Death death) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void close_afterManyWrites_hasWrittenAllInOrderOnAnotherThread() {
        Recording target = new Recording("");
        List<String> expected = new ArrayList<>();
        try (BackgroundWriter w = new BackgroundWriter(target)) {
            for (int i = 0; i < 2000; i++) {
                w.write(notice(i));
                expected.add("n" + i);
            }
        }
        assertEquals(expected, target.written);
        assertNotEquals(Thread.currentThread(), target.threads.get(0));
    }

    @Test
    void close_targetFailed_rethrowsItsFailure() {
        Recording target = new Recording("n5");
        BackgroundWriter w = new BackgroundWriter(target);
        for (int i = 0; i < 10; i++) {
            try {
                w.write(notice(i));
            } catch (IllegalStateException e) {
                // the failure may surface on a later write already
                assertEquals("broken on n5", e.getMessage());
                break;
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertEquals("broken on n5", e.getMessage());
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), target.written);
    }

    @Test
    void write_afterClose_isRefused() {
        BackgroundWriter w = new BackgroundWriter(new Recording(""));
        w.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.write(notice(1)));
        assertSame(IllegalStateException.class, e.getClass());
    }
}
