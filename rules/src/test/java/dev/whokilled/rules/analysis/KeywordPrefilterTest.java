package dev.whokilled.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.reader.LinePrefilter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The prefilter may only drop lines that change no answer: analysis agrees with and without it. */
class KeywordPrefilterTest {
    private static final LinePrefilter KEEP_ALL = (b, f, t) -> true;

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        Path root = Path.of(KeywordPrefilterTest.class.getResource("/fixtures").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            // the directories of whole logs; the others hold bare messages, /proc files or datagrams
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(f -> f.startsWith("analysis/") || f.startsWith("kernel-6.18-memcg-v1/") || f.startsWith("oom/"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void analyze_everyFixture_sameWithAndWithoutPrefilter(String fixture) {
        byte[] log = Analysis.fixture(fixture);
        assertEquals(Analysis.run(log, KEEP_ALL), Analysis.run(log));
    }

    @Test
    void keep_noiseLine_isDropped() {
        byte[] line = "[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=198.51.100.7 LEN=40 PROTO=TCP".getBytes(StandardCharsets.US_ASCII);
        assertFalse(KeywordPrefilter.create().keep(line, 0, line.length));
    }

    @Test
    void keep_taskTableRowInsideReport_isKeptOutsideIsNot() {
        KeywordPrefilter p = KeywordPrefilter.create();
        byte[] row = "[   2137]     0  2137    19507    17877 python3".getBytes(StandardCharsets.US_ASCII);
        assertFalse(p.keep(row, 0, row.length));
        byte[] header = "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0".getBytes(StandardCharsets.US_ASCII);
        assertTrue(p.keep(header, 0, header.length));
        assertTrue(p.keep(row, 0, row.length));
        byte[] kill = "Killed process 2137 (python3) total-vm:1kB".getBytes(StandardCharsets.US_ASCII);
        assertTrue(p.keep(kill, 0, kill.length));
        assertFalse(p.keep(row, 0, row.length));
    }

    /** Fixture lines shuffled among noise, in the kmsg rendering: the prefilter never changes the answer. */
    @Property(tries = 200)
    void analyze_fixtureLinesAmongNoise_sameWithAndWithoutPrefilter(@ForAll @IntRange(min = 0, max = 40) int noiseEvery,
                                                                    @ForAll long seed) throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        List<String> lines = new ArrayList<>();
        for (String f : fixtures().filter(f -> f.startsWith("oom/") || f.equals("kernel-6.18-memcg-v1/kmsg.txt")).toList()) {
            new String(Analysis.fixture(f), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        StringBuilder log = new StringBuilder();
        String usec = "1";
        for (String l : lines) {
            String[] head = l.substring(0, Math.max(l.indexOf(';'), 0)).split(",");
            if (head.length >= 3) {
                usec = head[2];
            }
            // noise carries its neighbour's kernel time, as interleaved lines of a real log do
            if (noiseEvery > 0 && rnd.nextInt(noiseEvery + 1) == 0) {
                log.append("6,0,").append(usec).append(",-;eth0: link up ").append(rnd.nextInt()).append('\n');
            }
            log.append(l).append('\n');
        }
        byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(Analysis.run(bytes, KEEP_ALL), Analysis.run(bytes));
    }

    @Test
    void atRest_insideReportUntilItsKillLine() {
        KeywordPrefilter p = KeywordPrefilter.create();
        assertTrue(p.atRest());
        byte[] header = "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0".getBytes(StandardCharsets.US_ASCII);
        p.keep(header, 0, header.length);
        assertFalse(p.atRest());
        byte[] kill = "Killed process 2137 (python3) total-vm:1kB".getBytes(StandardCharsets.US_ASCII);
        p.keep(kill, 0, kill.length);
        assertTrue(p.atRest());
    }

    /** After a kill line any filter is at rest; one without a digit after it, or with a report header, is no restart point. */
    @Test
    void restartPoint_isAfterTheFirstKillLineWithoutHeader() {
        String text = "a\nKilled process (x)\nx invoked oom-killer: Killed process 1 (y)\nKilled process 12 (z)\nnext\n";
        byte[] buf = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(text.indexOf("next"), KeywordPrefilter.create().restartPoint(buf, 0, buf.length));
        assertEquals(-1, KeywordPrefilter.create().restartPoint(buf, 0, text.indexOf("12")));
    }
}
