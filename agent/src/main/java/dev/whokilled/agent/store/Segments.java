package dev.whokilled.agent.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Segment file names and listing; stateless, so thread-safe.
 *
 * <p>A segment is named {@code events-YYYYMMDDTHHMMSSZ.jsonl} after its start (UTC, whole seconds),
 * so names sort as their start times. The writer keeps names strictly increasing and makes every
 * entry of a segment older than the next segment's name (see {@link EventStore}), so segment
 * {@code k} holds only entries observed before {@code start(k+1)}: a reader may skip it when that is
 * not after its {@code since}.
 */
final class Segments {
    static final String LOCK_FILE = "lock";
    static final String CHECKPOINT_FILE = "checkpoint.json";

    private static final Pattern NAME = Pattern.compile("events-(\\d{8}T\\d{6})Z\\.jsonl");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    /** The latest start a name can spell with a four-digit year. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Segments() {
    }

    record Segment(Path path, Instant start) {
    }

    static String fileName(Instant start) {
        if (start.isBefore(Instant.EPOCH) || start.isAfter(LATEST)) {
            throw new IllegalArgumentException("segment start out of range: " + start);
        }
        return "events-" + STAMP.format(LocalDateTime.ofInstant(start, ZoneOffset.UTC)) + "Z.jsonl";
    }

    static Optional<Instant> parseName(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // e.g. month 13: not one of ours
        }
    }

    static Instant floorToSecond(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The segments in {@code dir}, oldest first; other files are ignored. */
    static List<Segment> list(Path dir) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "events-*.jsonl")) {
            for (Path p : stream) {
                parseName(p.getFileName().toString()).ifPresent(start -> segments.add(new Segment(p, start)));
            }
        }
        segments.sort(Comparator.comparing(Segment::start));
        return segments;
    }
}
