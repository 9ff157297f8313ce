package dev.whokilled.agent.export.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact bytes of journald's native protocol, the binary-safe form, and cutting an entry to fit. */
class NativeProtocolTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code NAME\n}, the 64-bit little-endian length, the bytes, {@code \n}. */
    private static byte[] binary(String name, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(name + "\n"));
        out.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >> 8), 0, 0, 0, 0, 0, 0});
        out.writeBytes(value);
        out.write('\n');
        return out.toByteArray();
    }

    @Test
    void encode_plainValues_areNameEqualsValueLines() {
        byte[] got = NativeProtocol.encode(List.of(new JournalField("MESSAGE", "sleep (pid 42) was killed by SIGTERM"),
                new JournalField("PRIORITY", "5"), new JournalField("WHOKILLED_COMM", "tmux: server")));
        assertArrayEquals(ascii("MESSAGE=sleep (pid 42) was killed by SIGTERM\nPRIORITY=5\nWHOKILLED_COMM=tmux: server\n"),
                got);
    }

    @Test
    void encode_valueWithNewline_isLengthPrefixed() {
        byte[] got = NativeProtocol.encode(List.of(new JournalField("PRIORITY", "5"),
                new JournalField("WHOKILLED_CMDLINE", "sh -c echo a\necho b")));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(ascii("PRIORITY=5\n"));
        want.writeBytes(new byte[] {'W', 'H', 'O', 'K', 'I', 'L', 'L', 'E', 'D', '_', 'C', 'M', 'D', 'L', 'I', 'N', 'E',
            '\n', 19, 0, 0, 0, 0, 0, 0, 0, 's', 'h', ' ', '-', 'c', ' ', 'e', 'c', 'h', 'o', ' ', 'a', '\n', 'e', 'c', 'h',
            'o', ' ', 'b', '\n'});
        assertArrayEquals(want.toByteArray(), got);
    }

    @Test
    void encode_lengthCountsUtf8Bytes_notCharacters() {
        String value = "café\nthé";
        assertArrayEquals(binary("MESSAGE", value.getBytes(StandardCharsets.UTF_8)),
                NativeProtocol.encode(List.of(new JournalField("MESSAGE", value))));
        assertEquals(10, value.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "\r", "\u0000", "\u001b[31m", "\u007f"})
    void encode_anyControlCharacter_usesTheBinaryForm(String control) {
        String value = "x" + control + "y";
        assertArrayEquals(binary("WHOKILLED_COMM", ascii(value)),
                NativeProtocol.encode(List.of(new JournalField("WHOKILLED_COMM", value))));
    }

    @Test
    void encode_aValueThatLooksLikeFields_staysOneValue() {
        String forged = "x\nPRIORITY=0\nMESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1";
        assertArrayEquals(binary("WHOKILLED_CMDLINE", ascii(forged)),
                NativeProtocol.encode(List.of(new JournalField("WHOKILLED_CMDLINE", forged))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_PID", "message", "1ABC", "A=B", "A\nB", "WHOKILLED_A_NAME_LONGER_THAN_SIXTY_FOUR_CHARACTERS_IS_REFUSED_BY_JOURNALD"})
    void field_badName_isRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> new JournalField(name, "v"));
    }

    @Test
    void encodeWithin_entryThatFits_isUnchanged() {
        List<JournalField> fields = List.of(new JournalField("MESSAGE", "m"), new JournalField("WHOKILLED_CMDLINE", "c"));
        assertArrayEquals(NativeProtocol.encode(fields), NativeProtocol.encode(fields, 1000));
    }

    @Test
    void encodeWithin_longCommandLine_isCutToFitAndMarked() {
        List<JournalField> fields = List.of(new JournalField("MESSAGE", "java (pid 7) was killed"),
                new JournalField("WHOKILLED_CMDLINE", "java " + "-Dx=1 ".repeat(5000)),
                new JournalField("WHOKILLED_PID", "7"));
        byte[] got = NativeProtocol.encode(fields, 2000);
        assertTrue(got.length <= 2000 && got.length > 1900, "length " + got.length);
        String text = new String(got, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("MESSAGE=java (pid 7) was killed\nWHOKILLED_CMDLINE=java -Dx=1 -Dx=1 "), text);
        assertTrue(text.endsWith("\nWHOKILLED_PID=7\nWHOKILLED_TRUNCATED=1\n"), text);
    }

    @Test
    void encodeWithin_cut_neverSplitsACharacter() {
        List<JournalField> fields = List.of(new JournalField("WHOKILLED_CMDLINE", "é".repeat(1000)));
        for (int max = 100; max < 110; max++) {
            byte[] got = NativeProtocol.encode(fields, max);
            String text = new String(got, StandardCharsets.UTF_8);
            assertTrue(text.matches("WHOKILLED_CMDLINE=(é)*\nWHOKILLED_TRUNCATED=1\n"), text);
            assertTrue(got.length <= max && got.length >= max - 1, max + ": " + got.length);
        }
    }

    @Test
    void encodeWithin_commandLinesCutFirst_thenTheMessage() {
        List<JournalField> fields = List.of(new JournalField("MESSAGE", "m".repeat(300)),
                new JournalField("WHOKILLED_CMDLINE", "c".repeat(300)),
                new JournalField("WHOKILLED_KILLER_CMDLINE", "k".repeat(300)));
        String text = new String(NativeProtocol.encode(fields, 300), StandardCharsets.UTF_8);
        assertTrue(text.matches("MESSAGE=m+\nWHOKILLED_CMDLINE=\nWHOKILLED_KILLER_CMDLINE=\nWHOKILLED_TRUNCATED=1\n"),
                text);
        assertEquals(300, text.length());
    }

    @Test
    void encodeWithin_nothingLeftToCut_returnsTheWholeEntry() {
        List<JournalField> fields = List.of(new JournalField("WHOKILLED_UNIT", "u".repeat(300)));
        assertArrayEquals(NativeProtocol.encode(fields), NativeProtocol.encode(fields, 100));
    }
}
