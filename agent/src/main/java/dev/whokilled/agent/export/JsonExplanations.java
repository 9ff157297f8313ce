package dev.whokilled.agent.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.Gap;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.ProcessIdentity;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.OomVictim;
import dev.whokilled.rules.explain.ExitInfo;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.Notice;
import dev.whokilled.rules.explain.OomFinding;
import dev.whokilled.rules.explain.Subject;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.explain.When;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.signal.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Maps explanations to the JSON objects of DESIGN.md, one line each. Field names are the contract
 * with users' scripts and shippers: snake_case, absent values as {@code null}. Not thread-safe.
 */
public final class JsonExplanations {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectWriter writer;
    /** The same, for writing into a caller's Writer: leaves it open and unflushed. */
    private final ObjectWriter streaming;

    /** One line per object (the event file, JSON Lines). */
    public JsonExplanations() {
        this(false);
    }

    /** One line per object, or indented ({@code -o json-pretty}). */
    public JsonExplanations(boolean pretty) {
        this.writer = pretty ? mapper.writerWithDefaultPrettyPrinter() : mapper.writer();
        this.streaming = writer.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    public String toLine(Explanation e) {
        return write(e instanceof Termination t ? termination(t) : notice((Notice) e));
    }

    /**
     * {@link #toLine(Explanation)} written straight to {@code out} (no line end, no flush): no String
     * of the line is built. For {@code analyze --json} on a large log (megabytes of evidence lines)
     * that halves the cost of writing under the CLI's C1 compiler, where copying between a String's
     * bytes and chars is a plain loop rather than an intrinsic.
     */
    public void writeLine(Explanation e, Writer out) throws IOException {
        streaming.writeValue(out, e instanceof Termination t ? termination(t) : notice((Notice) e));
    }

    /** A death the agent observed: the termination object plus {@code facts}, the exits, signals and gaps it rests on. */
    public String toLine(Death d) {
        return write(death(d));
    }

    /**
     * An exported death: {@link #toLine(Death)} with its {@code id} first, so a shipper's duplicate filter keys on
     * it and no two event files start with the same bytes (shippers fingerprint a file by its first bytes).
     */
    public String toLine(ExportedTermination t) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", t.id());
        node.setAll(death(t.death()));
        return write(node);
    }

    private ObjectNode death(Death d) {
        ObjectNode node = termination(d.termination());
        ArrayNode facts = node.putArray("facts");
        d.facts().forEach(f -> facts.add(fact(f)));
        return node;
    }

    private String write(ObjectNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private ObjectNode fact(Fact f) {
        ObjectNode o = mapper.createObjectNode();
        o.put("observed_at", f.observedAt().toString());
        if (f instanceof ProcessExit e) {
            o.put("type", "exit");
            o.put("pid", e.pid());
            o.put("wait_status", e.waitStatus());
            put(o, "signal", e.signal());
            put(o, "exit_code", e.exitCode());
            o.put("core_dumped", e.coreDumped());
            o.put("monotonic_ns", e.monotonicNanos());
            put(o, "parent_pid", e.parentPid());
            ArrayNode orphans = o.putArray("orphans");
            e.orphans().forEach(c -> orphans.add(identity(c)));
        } else if (f instanceof SignalSent s) {
            o.put("type", "signal");
            o.put("signal", s.signal());
            o.put("signal_name", Signals.name(s.signal()));
            o.put("code", s.code());
            o.put("target_pid", s.targetPid());
            put(o, "sender_pid", s.senderTgid());
            o.put("sender_tid", s.senderTid());
            o.put("sender_comm", s.senderComm().orElse(null));
            o.put("result", s.result());
            o.put("monotonic_ns", s.monotonicNanos());
            s.sender().ifPresent(id -> o.set("sender", identity(id)));
        } else if (f instanceof Gap g) {
            o.put("type", "gap");
            o.put("source", g.source());
            o.put("from", g.from().toString());
            o.put("to", g.to().toString());
            put(o, "lost", g.lost());
            o.put("reason", g.reason());
        }
        return o;
    }

    private ObjectNode identity(ProcessIdentity id) {
        ObjectNode o = mapper.createObjectNode();
        o.put("pid", id.pid());
        put(o, "start_time", id.startTime());
        put(o, "ppid", id.ppid());
        o.put("comm", id.comm().orElse(null));
        o.put("cmdline", id.cmdline().orElse(null));
        put(o, "uid", id.uid());
        o.put("cgroup", id.cgroup().orElse(null));
        return o;
    }

    private ObjectNode termination(Termination t) {
        ObjectNode o = mapper.createObjectNode();
        o.put("type", "termination");
        when(o, t.when());
        Subject s = t.subject();
        put(o, "pid", s.pid());
        o.put("comm", s.comm().orElse(null));
        o.put("cmdline", s.cmdline().orElse(null));
        put(o, "uid", s.uid());
        o.set("exit", exit(t.exit()));
        o.put("cause", t.cause().label());
        o.set("killer", killer(t.killer()));
        o.put("cgroup", s.cgroup().orElse(null));
        o.put("unit", s.unit().orElse(null));
        o.put("container", s.containerId().orElse(null));
        o.put("pod_uid", s.podUid().orElse(null));
        o.put("summary", t.summary());
        o.put("trust", t.trust().label());
        o.put("rule", t.ruleId());
        ArrayNode notes = o.putArray("notes");
        t.notes().forEach(notes::add);
        o.set("evidence", evidence(t.evidence()));
        t.oom().ifPresent(f -> o.set("oom", oom(f)));
        return o;
    }

    private ObjectNode notice(Notice n) {
        ObjectNode o = mapper.createObjectNode();
        o.put("type", "notice");
        o.put("kind", n.kind());
        when(o, n.when());
        o.put("summary", n.summary());
        o.put("trust", n.trust().label());
        o.set("evidence", evidence(n.evidence()));
        return o;
    }

    private static void when(ObjectNode o, When w) {
        o.put("time", w.wallTime().map(t -> t.instant().toString()).orElse(null));
        o.put("time_basis", w.wallTime().map(t -> t.basis().name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
        put(o, "monotonic_us", w.monotonicMicros());
        o.put("boot_id", w.bootId().orElse(null));
    }

    private ObjectNode exit(ExitInfo x) {
        ObjectNode o = mapper.createObjectNode();
        put(o, "status", x.status());
        put(o, "code", x.code());
        put(o, "signal", x.signal());
        o.put("signal_name", x.signal().isPresent() ? Signals.name(x.signal().getAsInt()) : null);
        if (x.coreDumped().isPresent()) {
            o.put("core_dumped", x.coreDumped().get());
        } else {
            o.putNull("core_dumped");
        }
        o.put("observed", x.observed());
        return o;
    }

    private ObjectNode killer(Killer k) {
        ObjectNode o = mapper.createObjectNode();
        o.put("kind", k.kind().label());
        put(o, "pid", k.pid());
        o.put("comm", k.name().orElse(null));
        o.put("cmdline", k.cmdline().orElse(null));
        return o;
    }

    private ArrayNode evidence(List<KernelRecord> records) {
        ArrayNode a = mapper.createArrayNode();
        for (KernelRecord r : records) {
            ObjectNode o = a.addObject();
            o.put("source", r.format().label());
            o.put("line", r.lineNumber());
            put(o, "sequence", r.stamp().sequence());
            put(o, "monotonic_us", r.stamp().monotonicMicros());
            o.put("time", r.stamp().wallTime().map(w -> w.instant().toString()).orElse(null));
            o.put("origin", r.origin().name().toLowerCase(java.util.Locale.ROOT));
            o.put("identifier", r.provenance().identifier().orElse(null));
            o.put("text", r.message());
        }
        return a;
    }

    private ObjectNode oom(OomFinding f) {
        OomKill k = f.kill();
        ObjectNode o = mapper.createObjectNode();
        o.put("constraint", k.constraint().label());
        o.put("memcg", k.oomMemcg().orElse(null));
        o.put("task_memcg", k.taskMemcg().orElse(null));
        Optional<MemoryUsage> mem = k.memoryCounter();
        put(o, "limit_kb", mem.map(m -> OptionalLong.of(m.limitKb())).orElse(OptionalLong.empty()));
        put(o, "usage_kb", mem.map(m -> OptionalLong.of(m.usageKb())).orElse(OptionalLong.empty()));
        ArrayNode counters = o.putArray("memory");
        for (MemoryUsage m : k.memory()) {
            ObjectNode c = counters.addObject();
            c.put("counter", m.counter());
            c.put("usage_kb", m.usageKb());
            c.put("limit_kb", m.limitKb());
            put(c, "failcnt", m.failcnt());
        }
        if (k.trigger().isPresent()) {
            ObjectNode t = o.putObject("trigger");
            t.put("comm", k.trigger().get().comm());
            put(t, "pid", k.trigger().get().pid());
            t.put("gfp_mask", k.trigger().get().gfpMask().orElse(null));
            put(t, "order", k.trigger().get().order());
            put(t, "oom_score_adj", k.trigger().get().oomScoreAdj());
        } else {
            o.putNull("trigger");
        }
        o.set("victim", victim(k.victim()));
        ArrayNode candidates = o.putArray("candidates");
        for (OomCandidate c : k.candidates()) {
            ObjectNode row = candidates.addObject();
            row.put("pid", c.pid());
            put(row, "uid", c.uid());
            put(row, "tgid", c.tgid());
            row.put("total_vm_pages", c.totalVmPages());
            row.put("rss_pages", c.rssPages());
            put(row, "rss_anon_pages", c.rssAnonPages());
            put(row, "rss_file_pages", c.rssFilePages());
            put(row, "rss_shmem_pages", c.rssShmemPages());
            put(row, "pgtables_bytes", c.pgtablesBytes());
            row.put("swap_entries", c.swapEntries());
            row.put("oom_score_adj", c.oomScoreAdj());
            row.put("name", c.name());
            put(row, "badness", f.badnessOf(c.pid()));
            row.put("chosen", c.pid() == k.victim().pid());
        }
        o.put("why", f.choice().why());
        o.put("why_reason", f.choice().reason().name().toLowerCase(java.util.Locale.ROOT));
        o.put("ranking_approximate", f.choice().approximate());
        o.put("group_kill", k.groupKill());
        o.put("reaped", k.reaped());
        ArrayNode missing = o.putArray("missing");
        k.missing().forEach(missing::add);
        return o;
    }

    private ObjectNode victim(OomVictim v) {
        ObjectNode o = mapper.createObjectNode();
        o.put("pid", v.pid());
        o.put("comm", v.comm());
        put(o, "uid", v.uid());
        put(o, "total_vm_kb", v.totalVmKb());
        put(o, "anon_rss_kb", v.anonRssKb());
        put(o, "file_rss_kb", v.fileRssKb());
        put(o, "shmem_rss_kb", v.shmemRssKb());
        put(o, "pgtables_kb", v.pgtablesKb());
        put(o, "oom_score_adj", v.oomScoreAdj());
        put(o, "score", v.score());
        return o;
    }

    private static void put(ObjectNode o, String field, OptionalInt v) {
        if (v.isPresent()) {
            o.put(field, v.getAsInt());
        } else {
            o.putNull(field);
        }
    }

    private static void put(ObjectNode o, String field, OptionalLong v) {
        if (v.isPresent()) {
            o.put(field, v.getAsLong());
        } else {
            o.putNull(field);
        }
    }
}
