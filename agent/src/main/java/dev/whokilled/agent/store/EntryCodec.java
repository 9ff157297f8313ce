package dev.whokilled.agent.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.whokilled.rules.live.Fact;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Encodes a {@link StoreEntry} as one JSON line and decodes it back; thread-safe (stateless apart
 * from Jackson's thread-safe factory and mapper).
 *
 * <p>Explicit field-by-field code rather than data binding: the records use {@code Optional},
 * {@code OptionalInt} and {@code Instant}, which plain jackson-databind does not map without the
 * jdk8/jsr310 modules, and the stored shape (snake_case, empty optionals absent) is a contract the
 * CLI and shippers read, so it is spelled out here rather than derived from record component names.
 *
 * <p>Output is pure ASCII: every non-ASCII char is written as a {@code \\uXXXX} escape. That keeps a
 * lone surrogate (invalid UTF-16, which UTF-8 cannot encode) intact through a round trip, and means
 * a line has no multi-byte sequences a torn write could split. Control characters, newlines included,
 * are escaped as JSON requires, so one entry is always exactly one line.
 */
final class EntryCodec {
    static final int VERSION = 1;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EntryCodec() {
    }

    /** What a stored line turned out to be. */
    sealed interface Decoded {
    }

    /** A line this version understands. */
    record Entry(StoreEntry entry) implements Decoded {
    }

    /** A well-formed line of another schema version or an unknown type: written by a newer agent, skipped. */
    record Unsupported(String reason) implements Decoded {
    }

    /** A line that is not JSON or breaks the schema: a torn write, a bit flip, a hand edit. */
    record Malformed(String reason) implements Decoded {
    }

    /** The entry as one line of JSON, without the terminating newline. */
    static byte[] encode(StoreEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            if (entry instanceof StoreEntry.KernelEntry k) {
                g.writeStringField("type", "kernel");
                g.writeStringField("observed_at", k.observedAt().toString());
                writeKernel(g, k.record());
            } else if (entry instanceof StoreEntry.FactEntry f) {
                writeFact(g, f.fact());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a store entry in memory failed", e);
        }
        return out.toByteArray();
    }

    private static void writeFact(JsonGenerator g, Fact fact) throws IOException {
        if (fact instanceof ProcessExit e) {
            g.writeStringField("type", "exit");
            g.writeStringField("observed_at", e.observedAt().toString());
            g.writeStringField("boot_id", e.bootId());
            g.writeNumberField("pid", e.pid());
            g.writeNumberField("wait_status", e.waitStatus());
            g.writeNumberField("monotonic_ns", e.monotonicNanos());
            writeOptional(g, "parent_pid", e.parentPid());
            if (e.identity().isPresent()) {
                g.writeFieldName("identity");
                writeIdentity(g, e.identity().get());
            }
            g.writeArrayFieldStart("orphans");
            for (ProcessIdentity orphan : e.orphans()) {
                writeIdentity(g, orphan);
            }
            g.writeEndArray();
        } else if (fact instanceof SignalSent s) {
            g.writeStringField("type", "signal");
            g.writeStringField("observed_at", s.observedAt().toString());
            g.writeNumberField("signal", s.signal());
            g.writeNumberField("code", s.code());
            g.writeNumberField("target_pid", s.targetPid());
            writeOptional(g, "target_comm", s.targetComm());
            g.writeBooleanField("group", s.group());
            g.writeNumberField("result", s.result());
            g.writeNumberField("sender_tid", s.senderTid());
            writeOptional(g, "sender_tgid", s.senderTgid());
            writeOptional(g, "sender_comm", s.senderComm());
            g.writeNumberField("monotonic_ns", s.monotonicNanos());
            if (s.sender().isPresent()) {
                g.writeFieldName("sender");
                writeIdentity(g, s.sender().get());
            }
        } else if (fact instanceof Gap gap) {
            g.writeStringField("type", "gap");
            g.writeStringField("observed_at", gap.observedAt().toString());
            g.writeStringField("source", gap.source());
            g.writeStringField("from", gap.from().toString());
            g.writeStringField("to", gap.to().toString());
            writeOptional(g, "lost", gap.lost());
            g.writeStringField("reason", gap.reason());
        } else {
            throw new IllegalArgumentException("no stored form for fact type " + fact.getClass().getName());
        }
    }

    private static void writeIdentity(JsonGenerator g, ProcessIdentity id) throws IOException {
        g.writeStartObject();
        g.writeNumberField("pid", id.pid());
        writeOptional(g, "start_time", id.startTime());
        writeOptional(g, "ppid", id.ppid());
        writeOptional(g, "comm", id.comm());
        writeOptional(g, "cmdline", id.cmdline());
        writeOptional(g, "uid", id.uid());
        writeOptional(g, "cgroup", id.cgroup());
        g.writeEndObject();
    }

    private static void writeKernel(JsonGenerator g, KernelRecord r) throws IOException {
        g.writeStringField("format", lower(r.format()));
        g.writeNumberField("line_number", r.lineNumber());
        Stamp s = r.stamp();
        g.writeObjectFieldStart("stamp");
        writeOptional(g, "seq", s.sequence());
        writeOptional(g, "monotonic_us", s.monotonicMicros());
        if (s.wallTime().isPresent()) {
            g.writeStringField("wall_time", s.wallTime().get().instant().toString());
            g.writeStringField("wall_time_basis", lower(s.wallTime().get().basis()));
        }
        writeOptional(g, "boot_id", s.bootId());
        g.writeEndObject();
        Provenance p = r.provenance();
        g.writeObjectFieldStart("provenance");
        g.writeStringField("origin", lower(p.origin()));
        writeOptional(g, "facility", p.facility());
        writeOptional(g, "level", p.level());
        writeOptional(g, "identifier", p.identifier());
        writeOptional(g, "pid", p.pid());
        g.writeEndObject();
        g.writeStringField("message", r.message());
        if (!r.context().isEmpty()) {
            g.writeObjectFieldStart("context");
            for (Map.Entry<String, String> e : new TreeMap<>(r.context()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
    }

    private static void writeOptional(JsonGenerator g, String name, OptionalInt value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.getAsInt());
        }
    }

    private static void writeOptional(JsonGenerator g, String name, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.getAsLong());
        }
    }

    private static void writeOptional(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Decodes one line (without its newline); never throws on bad input. */
    static Decoded decode(byte[] buf, int off, int len) {
        JsonNode root;
        try {
            root = MAPPER.readTree(buf, off, len);
        } catch (JsonProcessingException e) {
            return new Malformed("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Malformed("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return new Malformed("not a JSON object");
        }
        JsonNode v = root.get("v");
        if (v == null || !v.isIntegralNumber()) {
            return new Malformed("no integer \"v\"");
        }
        if (!v.isInt() || v.intValue() != VERSION) {
            return new Unsupported("schema version " + v.asText() + " (this reader knows " + VERSION + ")");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            return new Malformed("no string \"type\"");
        }
        try {
            return switch (type.textValue()) {
                case "exit" -> new Entry(StoreEntry.of(readExit(root)));
                case "signal" -> new Entry(StoreEntry.of(readSignal(root)));
                case "gap" -> new Entry(StoreEntry.of(readGap(root)));
                case "kernel" -> new Entry(StoreEntry.of(readKernel(root), instant(root, "observed_at")));
                default -> new Unsupported("unknown type \"" + type.textValue() + "\"");
            };
        } catch (BadField | IllegalArgumentException | NullPointerException e) {
            // IllegalArgumentException/NullPointerException: a record's compact constructor refused a value
            return new Malformed(type.textValue() + ": " + e.getMessage());
        }
    }

    private static ProcessExit readExit(JsonNode n) {
        List<ProcessIdentity> orphans = new ArrayList<>();
        JsonNode array = n.get("orphans");
        if (array != null && !array.isNull()) {
            if (!array.isArray()) {
                throw new BadField("orphans must be an array");
            }
            for (JsonNode o : array) {
                orphans.add(readIdentity(o, "orphans[]"));
            }
        }
        JsonNode identity = n.get("identity");
        return new ProcessExit(intField(n, "pid"), intField(n, "wait_status"), longField(n, "monotonic_ns"),
                instant(n, "observed_at"), string(n, "boot_id"), optInt(n, "parent_pid"),
                isAbsent(identity) ? Optional.empty() : Optional.of(readIdentity(identity, "identity")), orphans);
    }

    private static SignalSent readSignal(JsonNode n) {
        JsonNode sender = n.get("sender");
        return new SignalSent(intField(n, "signal"), intField(n, "code"), intField(n, "target_pid"),
                optString(n, "target_comm"), bool(n, "group"), intField(n, "result"), intField(n, "sender_tid"),
                optInt(n, "sender_tgid"), optString(n, "sender_comm"), longField(n, "monotonic_ns"),
                instant(n, "observed_at"),
                isAbsent(sender) ? Optional.empty() : Optional.of(readIdentity(sender, "sender")));
    }

    private static Gap readGap(JsonNode n) {
        return new Gap(string(n, "source"), instant(n, "from"), instant(n, "to"), optLong(n, "lost"),
                string(n, "reason"), instant(n, "observed_at"));
    }

    private static ProcessIdentity readIdentity(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new BadField(where + " must be an object");
        }
        return new ProcessIdentity(intField(n, "pid"), optLong(n, "start_time"), optInt(n, "ppid"),
                optString(n, "comm"), optString(n, "cmdline"), optLong(n, "uid"), optString(n, "cgroup"));
    }

    private static KernelRecord readKernel(JsonNode n) {
        JsonNode s = object(n, "stamp");
        Optional<Instant> wall = isAbsent(s.get("wall_time")) ? Optional.empty() : Optional.of(instant(s, "wall_time"));
        Optional<WallTime> wallTime = wall.map(i -> new WallTime(i, enumField(s, "wall_time_basis", TimeBasis.class)));
        Stamp stamp = new Stamp(optLong(s, "seq"), optLong(s, "monotonic_us"), wallTime, optString(s, "boot_id"));
        JsonNode p = object(n, "provenance");
        Provenance provenance = new Provenance(enumField(p, "origin", Origin.class), optInt(p, "facility"),
                optInt(p, "level"), optString(p, "identifier"), optInt(p, "pid"));
        Map<String, String> context = new TreeMap<>();
        JsonNode c = n.get("context");
        if (!isAbsent(c)) {
            if (!c.isObject()) {
                throw new BadField("context must be an object");
            }
            for (Map.Entry<String, JsonNode> e : c.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new BadField("context." + e.getKey() + " must be a string");
                }
                context.put(e.getKey(), e.getValue().textValue());
            }
        }
        return new KernelRecord(enumField(n, "format", LogFormat.class), longField(n, "line_number"), stamp,
                provenance, string(n, "message"), context);
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static JsonNode required(JsonNode n, String name) {
        JsonNode node = n.get(name);
        if (isAbsent(node)) {
            throw new BadField("missing " + name);
        }
        return node;
    }

    private static JsonNode object(JsonNode n, String name) {
        JsonNode node = required(n, name);
        if (!node.isObject()) {
            throw new BadField(name + " must be an object");
        }
        return node;
    }

    private static int intField(JsonNode n, String name) {
        JsonNode node = required(n, name);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadField(name + " must be a 32-bit integer: " + node);
        }
        return node.intValue();
    }

    private static long longField(JsonNode n, String name) {
        JsonNode node = required(n, name);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new BadField(name + " must be a 64-bit integer: " + node);
        }
        return node.longValue();
    }

    private static boolean bool(JsonNode n, String name) {
        JsonNode node = required(n, name);
        if (!node.isBoolean()) {
            throw new BadField(name + " must be a boolean: " + node);
        }
        return node.booleanValue();
    }

    private static String string(JsonNode n, String name) {
        JsonNode node = required(n, name);
        if (!node.isTextual()) {
            throw new BadField(name + " must be a string: " + node);
        }
        return node.textValue();
    }

    private static Instant instant(JsonNode n, String name) {
        String text = string(n, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadField(name + " must be an ISO-8601 instant: " + text);
        }
    }

    private static <E extends Enum<E>> E enumField(JsonNode n, String name, Class<E> type) {
        String text = string(n, name);
        for (E constant : type.getEnumConstants()) {
            if (lower(constant).equals(text)) {
                return constant;
            }
        }
        throw new BadField(name + " has an unknown value: " + text);
    }

    private static OptionalInt optInt(JsonNode n, String name) {
        return isAbsent(n.get(name)) ? OptionalInt.empty() : OptionalInt.of(intField(n, name));
    }

    private static OptionalLong optLong(JsonNode n, String name) {
        return isAbsent(n.get(name)) ? OptionalLong.empty() : OptionalLong.of(longField(n, name));
    }

    private static Optional<String> optString(JsonNode n, String name) {
        return isAbsent(n.get(name)) ? Optional.empty() : Optional.of(string(n, name));
    }

    /** A field is missing or has the wrong JSON type; cheap (no stack trace), caught in {@link #decode}. */
    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
