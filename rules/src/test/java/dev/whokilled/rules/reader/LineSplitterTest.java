package dev.whokilled.rules.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineSplitterTest {
    @ParameterizedTest
    @CsvSource({"255,false", "256,false", "257,true", "300,true"})
    void next_lineAroundTheBound_isCutOnlyWhenLonger(int length, boolean truncated) throws IOException {
        for (String terminator : List.of("\n", "\r\n", "")) {
            // Without a terminator the line ends with the input.
            String rest = terminator.isEmpty() ? "" : "b\n";
            LineSplitter s = splitter(("a".repeat(length) + terminator + rest).getBytes(StandardCharsets.UTF_8), 256, 1);
            s.next();
            assertEquals(Math.min(length, 256), s.to() - s.from(), terminator);
            assertEquals(truncated, s.truncated());
            if (!terminator.isEmpty()) {
                s.next();
                assertEquals("b", text(s));
                assertEquals(2, s.lineNumber());
            }
        }
    }

    @Test
    void next_linesSpanningManyReads_comeOutWhole() throws IOException {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            in.append("line ").append(i).append('\n');
        }
        // Reads of 7 bytes at a time: every line crosses read boundaries.
        LineSplitter s = splitter(in.toString().getBytes(StandardCharsets.UTF_8), 256, 7);
        int n = 0;
        while (s.next()) {
            assertEquals("line " + n, text(s));
            n++;
        }
        assertEquals(50_000, n);
    }

    @Test
    void next_overlongLineAcrossBuffers_isSkippedToItsNewline() throws IOException {
        byte[] big = ("y".repeat(3 * LineSplitter.MIN_BUFFER_BYTES + 17) + "\nnext\n").getBytes(StandardCharsets.UTF_8);
        LineSplitter s = splitter(big, 1000, Integer.MAX_VALUE);
        List<String> lines = new ArrayList<>();
        while (s.next()) {
            lines.add(text(s));
        }
        assertEquals(List.of("y".repeat(1000), "next"), lines);
        assertEquals(1, s.truncatedLines());
    }

    @Test
    void indexOfNewline_everyPositionAndAlignment_matchesAByteLoop() {
        // Neighbours of '\n' (0x0a) and high-bit bytes are where a word-at-a-time search could go wrong.
        byte[] alphabet = {0x0a, 0x0b, 0x09, (byte) 0x8a, (byte) 0x80, (byte) 0xff, 0x00, 0x01, 'a'};
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            for (int start = 0; start <= b.length; start++) {
                for (int end = start; end <= b.length; end++) {
                    int expected = -1;
                    for (int i = start; i < end; i++) {
                        if (b[i] == '\n') {
                            expected = i;
                            break;
                        }
                    }
                    assertEquals(expected, LineSplitter.indexOfNewline(b, start, end));
                }
            }
        }
    }

    private static String text(LineSplitter s) {
        return new String(s.buffer(), s.from(), s.to() - s.from(), StandardCharsets.UTF_8);
    }

    private static LineSplitter splitter(byte[] bytes, int max, int chunk) {
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        return new LineSplitter(in, max);
    }
}
