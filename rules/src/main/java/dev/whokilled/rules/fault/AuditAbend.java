package dev.whokilled.rules.fault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of an audit {@code ANOM_ABEND} record (type 1701) as the kernel prints it when no audit daemon takes
 * the record: {@code audit: type=1701 audit(1700000000.123:45): auid=1000 uid=1000 gid=1000 ses=2 subj=… pid=1234
 * comm="x" exe="/usr/bin/x" sig=11 res=1}. Immutable and thread-safe.
 *
 * <p>Format from {@code kernel/auditsc.c} {@code audit_core_dumps} / {@code audit_log_task} (Linux 3.x-6.x; the
 * {@code res=1} field was added in 3.x, older kernels print {@code reason="memory violation"} instead). {@code comm}
 * and {@code exe} go through {@code audit_log_untrustedstring}: quoted when plain, otherwise the bytes in upper-case
 * hex without quotes ({@code comm=6D792061707020} is {@code "my app "}). auditd writes the same fields to its own log
 * as {@code type=ANOM_ABEND msg=audit(…): …}; that file is not a kernel log and is not read here.
 *
 * @param pid the process's thread-group id
 * @param comm its command name, decoded
 * @param exe its executable path, decoded, when printed and not {@code (null)}
 * @param uid its real uid
 * @param signal the signal it ended with ({@code sig=})
 */
public record AuditAbend(int pid, String comm, Optional<String> exe, OptionalLong uid, OptionalInt signal) {
    private static final Pattern RECORD = Pattern.compile(
            "(?:audit: )?type=1701 audit\\(\\d+\\.\\d+:\\d+\\): (?<fields>.*)");
    private static final Pattern FIELD = Pattern.compile("(?<key>[a-z_]+)=(?<value>\"[^\"]*\"|\\S*)");
    private static final Pattern HEX = Pattern.compile("(?:[0-9A-F]{2})+");

    public AuditAbend {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(exe, "exe");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(signal, "signal");
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
    }

    /** The record's fields, or empty when the message is not an ANOM_ABEND record or lacks a usable pid or comm. */
    static Optional<AuditAbend> parse(String message) {
        Matcher record = RECORD.matcher(message);
        if (!record.matches()) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        Matcher field = FIELD.matcher(record.group("fields"));
        while (field.find()) {
            fields.putIfAbsent(field.group("key"), field.group("value"));
        }
        OptionalInt pid = Numbers.pid(fields.get("pid"));
        Optional<String> comm = Optional.ofNullable(fields.get("comm")).flatMap(AuditAbend::untrusted);
        if (pid.isEmpty() || comm.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong sig = Numbers.decimal(fields.get("sig"));
        OptionalInt signal = sig.isPresent() && sig.getAsLong() > 0 && sig.getAsLong() < 65
                ? OptionalInt.of((int) sig.getAsLong()) : OptionalInt.empty();
        return Optional.of(new AuditAbend(pid.getAsInt(), comm.get(),
                Optional.ofNullable(fields.get("exe")).flatMap(AuditAbend::untrusted),
                Numbers.decimal(fields.get("uid")), signal));
    }

    /**
     * A value written by {@code audit_log_untrustedstring}: quoted text as is, bare upper-case hex decoded as UTF-8,
     * {@code (null)} as absent.
     */
    static Optional<String> untrusted(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return Optional.of(value.substring(1, value.length() - 1));
        }
        if (HEX.matcher(value).matches()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length() / 2);
            for (int i = 0; i < value.length(); i += 2) {
                bytes.write(Integer.parseInt(value, i, i + 2, 16));
            }
            return Optional.of(bytes.toString(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
