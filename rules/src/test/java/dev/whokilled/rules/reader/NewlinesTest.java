package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NewlinesTest {
    /** Lines of random lengths (empty, CRLF, around the bound): the counts of a line-by-line walk. */
    @Property(tries = 300)
    void count_randomLines_likeALineWalk(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int lines,
                                         @ForAll @IntRange(min = 256, max = 2_000) int bound) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder();
        long overLong = 0;
        for (int i = 0; i < lines; i++) {
            int length = rnd.nextInt(5) == 0 ? bound - 2 + rnd.nextInt(5) : rnd.nextInt(300);
            boolean crlf = rnd.nextInt(4) == 0;
            sb.append("\u00e9x".repeat(length / 3)).append("a".repeat(length - 3 * (length / 3)));
            sb.append(crlf ? "\r\n" : "\n");
            overLong += length > bound ? 1 : 0;
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        // "éx" is three bytes, so the byte length equals the chosen length.
        Newlines.Count count = Newlines.count(text, 0, text.length, bound);
        assertEquals(lines, count.lines());
        assertEquals(overLong, count.overLong());
    }

    @Test
    void count_lineOfExactlyTheBoundWithCarriageReturn_isNotOverLong() {
        byte[] text = ("a".repeat(256) + "\r\n" + "b".repeat(257) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(new Newlines.Count(3, 1), Newlines.count(text, 0, text.length, 256));
    }

    /** Whole blocks of newlines: each of the eight byte-wide counters reaches its most, 255, without overflowing. */
    @Test
    void count_onlyNewlines_countsEveryOne() {
        byte[] text = "\n".repeat(10_007).getBytes(StandardCharsets.US_ASCII);
        assertEquals(new Newlines.Count(10_007, 0), Newlines.count(text, 0, text.length, ReaderOptions.DEFAULT_MAX_LINE_BYTES));
        assertEquals(new Newlines.Count(10_004, 0), Newlines.count(text, 3, text.length, ReaderOptions.DEFAULT_MAX_LINE_BYTES));
    }
}
