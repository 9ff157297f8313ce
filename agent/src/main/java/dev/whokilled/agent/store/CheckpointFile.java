package dev.whokilled.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads and atomically replaces {@code checkpoint.json}; stateless. The file is
 * {@code {"v":1,"boot_id":"…","kmsg_seq":1234,"journal_cursor":"…"}}, absent fields meaning unknown.
 */
final class CheckpointFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TEMP_SUFFIX = ".tmp";

    private CheckpointFile() {
    }

    static void write(Path dir, Checkpoint checkpoint) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("v", 1);
        checkpoint.bootId().ifPresent(b -> node.put("boot_id", b));
        checkpoint.kmsgSeq().ifPresent(s -> node.put("kmsg_seq", s));
        checkpoint.journalCursor().ifPresent(c -> node.put("journal_cursor", c));
        byte[] bytes = (MAPPER.writeValueAsString(node) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path target = dir.resolve(Segments.CHECKPOINT_FILE);
        Path temp = dir.resolve(Segments.CHECKPOINT_FILE + TEMP_SUFFIX);
        Files.deleteIfExists(temp); // a leftover from a crash; recreated so its mode is ours
        try (FileChannel ch = FileChannel.open(temp, EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW),
                FileModes.fileAttribute())) {
            FileModes.setFileMode(temp);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    static Optional<Checkpoint> read(Path dir) throws IOException {
        Path file = dir.resolve(Segments.CHECKPOINT_FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        FileModes.refuseWorldWritable(file, "store checkpoint");
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw corrupt(file, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw corrupt(file, "not a JSON object");
        }
        JsonNode v = node.get("v");
        if (v == null || !v.isInt() || v.intValue() != 1) {
            throw corrupt(file, "version " + v + ", expected 1");
        }
        try {
            return Optional.of(new Checkpoint(text(node, "boot_id", file), number(node, "kmsg_seq", file),
                    text(node, "journal_cursor", file)));
        } catch (IllegalArgumentException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode node, String name, Path file) throws IOException {
        JsonNode f = node.get(name);
        if (f == null || f.isNull()) {
            return Optional.empty();
        }
        if (!f.isTextual()) {
            throw corrupt(file, name + " must be a string: " + f);
        }
        return Optional.of(f.textValue());
    }

    private static OptionalLong number(JsonNode node, String name, Path file) throws IOException {
        JsonNode f = node.get(name);
        if (f == null || f.isNull()) {
            return OptionalLong.empty();
        }
        if (!f.isIntegralNumber() || !f.canConvertToLong()) {
            throw corrupt(file, name + " must be an integer: " + f);
        }
        return OptionalLong.of(f.longValue());
    }

    private static IOException corrupt(Path file, String why) {
        return new IOException("checkpoint " + file + " is unreadable (" + why
                + "); delete it to resume from the start of the kernel log (duplicates are then possible)");
    }
}
