package dev.whokilled.cli.render;

import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.live.Fact;
import dev.whokilled.rules.live.ProcessExit;
import dev.whokilled.rules.live.SignalSent;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.evidence.OomCandidate;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.OomTrigger;
import dev.whokilled.rules.evidence.OomVictim;
import dev.whokilled.rules.explain.EvidenceTrust;
import dev.whokilled.rules.explain.ExitInfo;
import dev.whokilled.rules.explain.Explanation;
import dev.whokilled.rules.explain.OomFinding;
import dev.whokilled.rules.explain.Sizes;
import dev.whokilled.rules.explain.Subject;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.explain.When;
import dev.whokilled.rules.record.KernelRecord;
import dev.whokilled.rules.record.TimeBasis;
import dev.whokilled.rules.signal.Signals;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Renders explanations for a person at a terminal: the one-sentence answer first, then the
 * details an engineer checks, then the log lines it rests on. Every string from a log is
 * escaped ({@link Terminal#escape}). Not thread-safe.
 */
final class TextExplanations {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_TABLE_ROWS = 8;
    private static final int MAX_EVIDENCE_LINES = 14;

    private final boolean brief;
    private final boolean colour;

    /** {@code colour}: the answer line in bold, for a terminal. */
    TextExplanations(boolean brief, boolean colour) {
        this.brief = brief;
        this.colour = colour;
    }

    /** A death the agent observed: the explanation, then the exits, signals and gaps it rests on. */
    String render(Death death) {
        String text = render(death.termination());
        if (brief || death.facts().isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.substring(0, text.length() - 1));
        List<Fact> facts = death.facts().stream().sorted(Comparator.comparingLong(TextExplanations::kernelTime)).toList();
        field(b, "observed", FactText.describe(facts.get(0)));
        facts.stream().skip(1).forEach(f -> b.append(String.format("%-14s%s%n", "", FactText.describe(f))));
        return b.append('\n').toString();
    }

    /** When a fact happened by the kernel's clock, to list them in order; gaps last. */
    private static long kernelTime(Fact f) {
        if (f instanceof ProcessExit e) {
            return e.monotonicNanos();
        }
        return f instanceof SignalSent s ? s.monotonicNanos() : Long.MAX_VALUE;
    }

    String render(Explanation e) {
        StringBuilder b = new StringBuilder();
        if (brief) {
            return b.append(shortWhen(e.when())).append("  ").append(Terminal.escape(e.summary()))
                    .append(trustTag(e.trust())).append('\n').toString();
        }
        b.append(Terminal.bold(Terminal.escape(e.summary()), colour)).append('\n');
        field(b, "when", when(e.when()));
        if (e instanceof Termination t) {
            termination(b, t);
        }
        evidence(b, e);
        b.append('\n');
        return b.toString();
    }

    private void termination(StringBuilder b, Termination t) {
        exit(t.exit()).ifPresent(x -> field(b, "exit", x));
        field(b, "cause", t.cause().label() + ", killed by " + t.killer().kind().label()
                + t.killer().name().filter(n -> !n.equals("kernel")).map(n -> " " + Terminal.escape(n)).orElse("")
                + (t.killer().pid().isPresent() ? " (pid " + t.killer().pid().getAsInt() + ")" : "")
                + "   [rule " + t.ruleId() + "]");
        Subject s = t.subject();
        s.cgroup().ifPresent(c -> field(b, "cgroup", Terminal.escape(c) + s.unit().map(u -> " (unit " + Terminal.escape(u) + ")").orElse("")));
        if (s.cgroup().isEmpty()) {
            s.unit().ifPresent(u -> field(b, "unit", Terminal.escape(u)));
        }
        s.containerId().ifPresent(c -> field(b, "container", c));
        s.podUid().ifPresent(p -> field(b, "pod", p));
        t.oom().ifPresent(o -> oom(b, o));
        for (String note : t.notes()) {
            field(b, "note", Terminal.escape(note));
        }
    }

    private static java.util.Optional<String> exit(ExitInfo x) {
        if (x.signal().isEmpty() && x.code().isEmpty()) {
            return java.util.Optional.empty();
        }
        StringBuilder s = new StringBuilder();
        if (x.signal().isPresent()) {
            s.append(Signals.name(x.signal().getAsInt())).append(" (").append(x.signal().getAsInt()).append(')');
            x.status().ifPresent(st -> s.append(", a shell reports status ").append(st));
        } else {
            s.append("exit code ").append(x.code().getAsInt());
        }
        x.coreDumped().ifPresent(c -> s.append(c ? ", core dumped" : ", no core dump"));
        s.append(x.observed() ? "" : " (implied by the evidence; the exit itself was not observed)");
        return java.util.Optional.of(s.toString());
    }

    private static void oom(StringBuilder b, OomFinding f) {
        OomKill k = f.kill();
        for (MemoryUsage m : k.memory()) {
            field(b, m.counter(), "usage " + Sizes.fromKib(m.usageKb()) + " of " + limit(m.limitKb())
                    + (m.failcnt().isPresent() ? ", failcnt " + m.failcnt().getAsLong() : ""));
        }
        k.trigger().ifPresent(t -> field(b, "trigger", trigger(t)));
        field(b, "victim", victim(k.victim()));
        if (!k.candidates().isEmpty()) {
            table(b, k, f);
        }
    }

    private static String limit(long kb) {
        // The kernel prints "no limit" as PAGE_COUNTER_MAX pages in kB: 9007199254740988kB on x86-64.
        return kb >= 1L << 50 ? "no limit" : Sizes.fromKib(kb) + " limit";
    }

    private static String trigger(OomTrigger t) {
        return Terminal.escape(t.comm()) + (t.pid().isPresent() ? " (pid " + t.pid().getAsInt() + ")" : "")
                + t.gfpMask().map(g -> ", gfp_mask=" + g).orElse("")
                + (t.order().isPresent() ? ", order=" + t.order().getAsInt() : "");
    }

    private static String victim(OomVictim v) {
        List<String> parts = new ArrayList<>();
        kb(parts, "anon", v.anonRssKb());
        kb(parts, "file", v.fileRssKb());
        kb(parts, "shmem", v.shmemRssKb());
        kb(parts, "page tables", v.pgtablesKb());
        kb(parts, "virtual", v.totalVmKb());
        v.oomScoreAdj().ifPresent(a -> parts.add("oom_score_adj " + a));
        v.uid().ifPresent(u -> parts.add("uid " + u));
        return parts.isEmpty() ? "(no memory figures in this kernel's report)" : String.join(", ", parts);
    }

    private static void kb(List<String> parts, String label, OptionalLong kb) {
        kb.ifPresent(v -> parts.add(label + " " + Sizes.fromKib(v)));
    }

    private static void table(StringBuilder b, OomKill k, OomFinding f) {
        List<OomCandidate> rows = new ArrayList<>(k.candidates());
        rows.sort(Comparator.comparingLong((OomCandidate c) -> box(f.badnessOf(c.pid()))
                .orElse(c.rssPages())).reversed());
        int triggerPid = k.trigger().flatMap(t -> t.pid().isPresent() ? java.util.Optional.of(t.pid().getAsInt())
                : java.util.Optional.empty()).orElse(-1);
        field(b, "tasks", String.format(Locale.ROOT, "  %7s %6s %10s %8s %9s %5s %8s  %s",
                "PID", "UID", "RSS", "SWAP", "PGTABLES", "ADJ", "BADNESS", "NAME"));
        int shown = 0;
        for (OomCandidate c : rows) {
            boolean keep = shown < MAX_TABLE_ROWS || c.pid() == k.victim().pid() || c.pid() == triggerPid;
            if (!keep) {
                continue;
            }
            shown++;
            String mark = c.pid() == k.victim().pid() ? "* " : c.pid() == triggerPid ? "t " : "  ";
            String badness = box(f.badnessOf(c.pid())).map(String::valueOf).orElse("-");
            b.append(String.format(Locale.ROOT, "%-12s%s%7d %6s %10s %8s %9s %5d %8s  %s%n", "", mark, c.pid(),
                    c.uid().isPresent() ? String.valueOf(c.uid().getAsLong()) : "-", Sizes.fromKib(c.rssPages() * 4),
                    c.swapEntries() == 0 ? "0" : Sizes.fromKib(c.swapEntries() * 4),
                    c.pgtablesBytes().isPresent() ? Sizes.fromKib(c.pgtablesBytes().getAsLong() / 1024) : "-",
                    c.oomScoreAdj(), badness, Terminal.escape(c.name())));
        }
        if (rows.size() > shown) {
            b.append(String.format("%-14s(%d more tasks; --json lists them all)%n", "", rows.size() - shown));
        }
        b.append(String.format("%-14s(* victim, t trigger; badness = rss + swap + page tables in pages, plus oom_score_adj)%n", ""));
    }

    private static java.util.Optional<Long> box(OptionalLong v) {
        return v.isPresent() ? java.util.Optional.of(v.getAsLong()) : java.util.Optional.empty();
    }

    private static String when(When w) {
        String mono = w.monotonicMicros().isPresent() ? String.format(Locale.ROOT, "%d.%06d s after boot",
                w.monotonicMicros().getAsLong() / 1_000_000, w.monotonicMicros().getAsLong() % 1_000_000) : null;
        if (w.wallTime().isEmpty()) {
            return mono == null ? "unknown" : mono + " (this rendering has no wall time)";
        }
        String wall = TIME.format(w.wallTime().get().instant()) + basis(w.wallTime().get().basis());
        return mono == null ? wall : wall + ", " + mono;
    }

    /** The time for a one-line listing: wall time when known, else the kernel stamp. */
    private static String shortWhen(When w) {
        if (w.wallTime().isPresent()) {
            return TIME.format(w.wallTime().get().instant());
        }
        if (w.monotonicMicros().isPresent()) {
            return String.format(Locale.ROOT, "[%12s]", String.format(Locale.ROOT, "%d.%06d",
                    w.monotonicMicros().getAsLong() / 1_000_000, w.monotonicMicros().getAsLong() % 1_000_000));
        }
        return "(time unknown)";
    }

    private static String trustTag(EvidenceTrust trust) {
        return switch (trust) {
            case KERNEL -> "";
            case UNVERIFIED -> "  [unverified rendering]";
            case USERSPACE -> "  [userspace claim]";
        };
    }

    private static String basis(TimeBasis b) {
        return switch (b) {
            case RECEIVED -> " (as logged)";
            case CONVERTED -> " (converted from the kernel clock)";
            case CORRECTED -> " (journal time corrected by the kernel stamp)";
        };
    }

    private static void evidence(StringBuilder b, Explanation e) {
        List<KernelRecord> records = e.evidence();
        if (records.isEmpty()) {
            return;
        }
        KernelRecord first = records.get(0);
        field(b, "evidence", first.format().label() + ", " + switch (e.trust()) {
            case KERNEL -> "kernel facility";
            case UNVERIFIED -> "unverified: this rendering cannot tell kernel lines from lines a process wrote";
            case USERSPACE -> "a userspace message, not kernel evidence";
        });
        int n = 0;
        for (KernelRecord r : records) {
            if (n++ == MAX_EVIDENCE_LINES) {
                b.append(String.format("%-14s… %d more lines (--json lists them all)%n", "", records.size() - MAX_EVIDENCE_LINES));
                break;
            }
            String stamp = r.stamp().monotonicMicros().isPresent() ? String.format(Locale.ROOT, "[%d.%06d] ",
                    r.stamp().monotonicMicros().getAsLong() / 1_000_000, r.stamp().monotonicMicros().getAsLong() % 1_000_000) : "";
            String who = r.provenance().identifier().filter(i -> !i.equals("kernel")).map(i -> Terminal.escape(i) + ": ").orElse("");
            b.append(String.format("%-14sline %-7d %s%s%s%n", "", r.lineNumber(), stamp, who, Terminal.escape(r.message())));
        }
    }

    private static void field(StringBuilder b, String label, String value) {
        b.append(String.format("  %-11s %s%n", label, value));
    }
}
