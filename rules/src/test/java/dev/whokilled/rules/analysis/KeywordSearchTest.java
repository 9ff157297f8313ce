package dev.whokilled.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KeywordSearchTest {
    private static final KeywordSearch SEARCH = new KeywordSearch(KeywordPrefilter.KEYWORDS);

    /**
     * Keywords, their prefixes (candidates that fail verification) and filler, in a text long
     * enough for several four-lane windows, searched from random bounds: the four lanes find the
     * same first keyword as a plain left-to-right search.
     */
    @Property(tries = 300)
    void indexOf_randomText_findsTheLeftmostKeywordLikeANaiveSearch(@ForAll long seed,
                                                                     @ForAll @IntRange(min = 0, max = 40_000) int length,
                                                                     @ForAll @IntRange(min = 1, max = 2_000) int keywordEvery) {
        Random rnd = new Random(seed);
        byte[] text = text(rnd, length, keywordEvery);
        int from = rnd.nextInt(text.length + 1);
        int to = from + rnd.nextInt(text.length - from + 1);
        assertEquals(naiveIndexOf(text, from, to), SEARCH.indexOf(text, from, to));
        assertEquals(naiveIndexOf(text, from, to) >= 0, SEARCH.contains(text, from, to));
    }

    @Test
    void indexOf_keywordAcrossTheEnd_isNotFound() {
        byte[] text = ("x".repeat(9000) + "Killed process 12").getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, SEARCH.indexOf(text, 0, 9000 + "Killed proc".length()));
        assertEquals(9000, SEARCH.indexOf(text, 0, text.length));
        assertEquals(-1, SEARCH.indexOf(text, 9001, text.length), "a keyword starting before the range");
    }

    @Test
    void indexOf_keywordsOnEveryLaneBoundary_findsTheFirst() {
        for (int at = 3 * KeywordSearch.LANE - 9; at <= 3 * KeywordSearch.LANE + 9; at++) {
            byte[] text = ("y".repeat(at) + "]: segfault at 0 " + "z".repeat(2 * KeywordSearch.LANE) + "] trap int3")
                    .getBytes(StandardCharsets.US_ASCII);
            assertEquals(at, SEARCH.indexOf(text, 0, text.length), "keyword at " + at);
        }
    }

    private static byte[] text(Random rnd, int length, int keywordEvery) {
        List<String> keywords = KeywordPrefilter.KEYWORDS;
        StringBuilder sb = new StringBuilder(length + 32);
        while (sb.length() < length) {
            String k = keywords.get(rnd.nextInt(keywords.size()));
            int r = rnd.nextInt(keywordEvery);
            if (r == 0) {
                sb.append(k);
            } else if (r < 8) {
                sb.append(k, 0, 1 + rnd.nextInt(k.length() - 1));
            } else {
                sb.append((char) (' ' + rnd.nextInt(95)));
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static int naiveIndexOf(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            for (String k : KeywordPrefilter.KEYWORDS) {
                byte[] kb = k.getBytes(StandardCharsets.US_ASCII);
                if (i + kb.length <= to && java.util.Arrays.equals(text, i, i + kb.length, kb, 0, kb.length)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
