package dev.whokilled.rules.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Loads test fixtures from {@code /fixtures/}: the file's bytes after its leading {@code #} header lines. */
public final class FixtureFiles {
    private FixtureFiles() {
    }

    public static byte[] load(String resource) {
        try (InputStream in = FixtureFiles.class.getResourceAsStream("/fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            byte[] all = in.readAllBytes();
            int start = 0;
            while (start < all.length && all[start] == '#') {
                while (start < all.length && all[start] != '\n') {
                    start++;
                }
                start++;
            }
            return Arrays.copyOfRange(all, Math.min(start, all.length), all.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
