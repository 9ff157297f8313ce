package dev.whokilled.rules.userspace;

import dev.whokilled.rules.record.KernelRecord;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who wrote a userspace line and what they said: the syslog identifier and pid, and the message without the
 * {@code ident[pid]: } tag. Immutable and thread-safe.
 *
 * <p>The journal keeps the tag apart ({@code SYSLOG_IDENTIFIER}, {@code SYSLOG_PID}), and a reader puts it in the
 * record's provenance. A line a process wrote to {@code /dev/kmsg} keeps the tag inside the text
 * ({@code systemd-journald[2319]: Received SIGTERM …}), as do kmsg and {@code dmesg} renderings; then the tag is read
 * from the text. The identifier is whatever the writer chose to call itself: it names, it does not prove.
 *
 * @param identifier the writer's syslog identifier, when known
 * @param pid the writer's pid, when known
 * @param body the message without the tag
 */
record WriterTag(Optional<String> identifier, OptionalInt pid, String body) {
    /** {@code ident[pid]: } or {@code ident: } at the start of a message, as syslog(3) and journald write it. */
    private static final Pattern TAG = Pattern.compile(
            "(?<ident>[^\\s\\[\\]:]{1,64})(?:\\[(?<pid>\\d{1,10})\\])?: (?<body>.*)", Pattern.DOTALL);

    WriterTag {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(body, "body");
    }

    static WriterTag of(KernelRecord record) {
        String message = record.message();
        Matcher tag = TAG.matcher(message);
        boolean tagged = tag.matches();
        Optional<String> identifier = record.provenance().identifier();
        if (identifier.isPresent()) {
            boolean sameTag = tagged && tag.group("ident").equals(identifier.get());
            OptionalInt pid = record.provenance().pid();
            if (pid.isEmpty() && sameTag) {
                pid = pid(tag.group("pid"));
            }
            return new WriterTag(identifier, pid, sameTag ? tag.group("body") : message);
        }
        if (tagged) {
            return new WriterTag(Optional.of(tag.group("ident")), pid(tag.group("pid")), tag.group("body"));
        }
        return new WriterTag(Optional.empty(), OptionalInt.empty(), message);
    }

    private static OptionalInt pid(String digits) {
        if (digits == null) {
            return OptionalInt.empty();
        }
        long value = Long.parseLong(digits);
        return value > 0 && value <= Integer.MAX_VALUE ? OptionalInt.of((int) value) : OptionalInt.empty();
    }
}
