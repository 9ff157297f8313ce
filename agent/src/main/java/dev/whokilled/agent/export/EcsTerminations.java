package dev.whokilled.agent.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.explain.ExitInfo;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.Subject;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.signal.Signals;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps an exported termination to an Elastic Common Schema event, one line each: {@code event.*},
 * {@code process.*}, {@code host.*} and {@code container.id} where ECS has a field, whokilled's own
 * facts (cause, signal, sender, OOM detail, trust, rule) under {@code whokilled.*}. Nested objects,
 * not dotted keys; absent values are left out, never {@code null}. The contract is
 * {@code docs/schema/whokilled-termination-ecs-v1.schema.json}. Not thread-safe.
 *
 * <p>{@code process.exit_code} is the status a shell or Kubernetes reports: the exit code of a
 * normal exit, 128+N for a death by signal N (137 for SIGKILL), as NOTES 4.4 suggests; the signal
 * itself is {@code whokilled.signal}.
 */
public final class EcsTerminations {
    /** The ECS release whose field definitions these events follow. */
    static final String ECS_VERSION = "8.11.0";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Optional<String> hostName;

    /** @param hostName this machine's name for {@code host.name}; empty leaves the field out */
    public EcsTerminations(Optional<String> hostName) {
        this.hostName = Objects.requireNonNull(hostName, "hostName");
    }

    /**
     * @param created when the agent wrote the event ({@code event.created}); also {@code @timestamp} for a death
     *     whose time is unknown, since ECS requires one
     */
    public String toLine(ExportedTermination e, Instant created) {
        Termination t = e.termination();
        Optional<ProcessExit> exit = e.death().exit();
        Optional<Instant> died = t.when().wallTime().map(w -> w.instant()).or(() -> exit.map(ProcessExit::observedAt));
        ObjectNode o = mapper.createObjectNode();
        o.put("@timestamp", died.orElse(created).toString());

        ObjectNode event = o.putObject("event");
        event.put("id", e.id());
        event.put("kind", "event");
        event.putArray("category").add("process");
        event.putArray("type").add("end");
        event.put("action", t.cause().label().replace('_', '-'));
        event.put("reason", t.summary());
        event.put("dataset", "whokilled.termination");
        event.put("module", "whokilled");
        event.put("created", created.toString());

        Subject s = t.subject();
        ObjectNode process = o.putObject("process");
        put(process, "pid", s.pid());
        s.comm().ifPresent(c -> process.put("name", c));
        s.cmdline().ifPresent(c -> process.put("command_line", c));
        put(process, "exit_code", t.exit().status());
        died.ifPresent(d -> process.put("end", d.toString()));
        OptionalInt ppid = exit.map(ProcessExit::parentPid).orElse(OptionalInt.empty());
        if (ppid.isPresent()) {
            process.putObject("parent").put("pid", ppid.getAsInt());
        }
        if (s.uid().isPresent()) {
            // ECS user.id is a keyword: the numeric uid as a string
            process.putObject("user").put("id", Long.toString(s.uid().getAsLong()));
        }

        ObjectNode host = mapper.createObjectNode();
        hostName.ifPresent(h -> host.put("name", h));
        t.when().bootId().or(() -> exit.map(ProcessExit::bootId))
                .ifPresent(b -> host.putObject("boot").put("id", b));
        if (!host.isEmpty()) {
            o.set("host", host);
        }
        s.containerId().ifPresent(c -> o.putObject("container").put("id", c));
        o.putObject("ecs").put("version", ECS_VERSION);
        o.set("whokilled", whokilled(t));
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private ObjectNode whokilled(Termination t) {
        ObjectNode w = mapper.createObjectNode();
        w.put("cause", t.cause().label());
        ExitInfo x = t.exit();
        if (x.signal().isPresent()) {
            ObjectNode signal = w.putObject("signal");
            signal.put("number", x.signal().getAsInt());
            signal.put("name", Signals.name(x.signal().getAsInt()));
        }
        put(w, "exit_code", x.code());
        x.coreDumped().ifPresent(c -> w.put("core_dumped", c));
        w.put("exit_observed", x.observed());
        Killer k = t.killer();
        ObjectNode sender = w.putObject("sender");
        sender.put("kind", k.kind().label());
        put(sender, "pid", k.pid());
        k.name().ifPresent(n -> sender.put("comm", n));
        k.cmdline().ifPresent(c -> sender.put("cmdline", c));
        Subject s = t.subject();
        s.cgroup().ifPresent(c -> w.put("cgroup", c));
        s.unit().ifPresent(u -> w.put("unit", u));
        s.podUid().ifPresent(p -> w.put("pod_uid", p));
        t.oom().ifPresent(f -> w.set("oom", oom(f.kill())));
        w.put("trust", t.trust().label());
        w.put("rule", t.ruleId());
        t.when().wallTime().ifPresent(wall -> w.put("time_basis", wall.basis().name().toLowerCase(Locale.ROOT)));
        return w;
    }

    private ObjectNode oom(OomKill k) {
        ObjectNode o = mapper.createObjectNode();
        o.put("constraint", k.constraint().label());
        k.oomMemcg().ifPresent(m -> o.put("memcg", m));
        k.taskMemcg().ifPresent(m -> o.put("task_memcg", m));
        k.memoryCounter().ifPresent((MemoryUsage m) -> {
            o.put("limit_bytes", m.limitKb() * 1024);
            o.put("usage_bytes", m.usageKb() * 1024);
        });
        return o;
    }

    private static void put(ObjectNode o, String field, OptionalInt v) {
        if (v.isPresent()) {
            o.put(field, v.getAsInt());
        }
    }
}
