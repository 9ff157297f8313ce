package dev.whokilled.agent.export.journal;

import dev.whokilled.agent.export.ExportedTermination;
import dev.whokilled.rules.evidence.MemoryUsage;
import dev.whokilled.rules.explain.Cause;
import dev.whokilled.rules.explain.ExitInfo;
import dev.whokilled.rules.explain.Killer;
import dev.whokilled.rules.explain.KillerKind;
import dev.whokilled.rules.explain.Subject;
import dev.whokilled.rules.explain.Termination;
import dev.whokilled.rules.signal.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A termination as the fields of one journal entry, the way systemd-coredump records a crash: a fixed
 * {@code MESSAGE_ID}, the summary as {@code MESSAGE}, a priority, and {@code WHOKILLED_*} fields. A value that is not
 * known is left out, never written as "null" or 0. The field names are a contract with users' queries
 * ({@code journalctl WHOKILLED_CAUSE=oom_kill}); README.md lists them. Stateless.
 */
public final class JournalFields {
    /**
     * The MESSAGE_ID of every whokilled termination: a random 128-bit id made once for whokilled (as systemd's
     * catalog ids are), never to change. {@code journalctl MESSAGE_ID=2d53a2bce5744206b118fcd620b187b3} lists them.
     */
    public static final String MESSAGE_ID = "2d53a2bce5744206b118fcd620b187b3";

    /** syslog priority 4: the kernel OOM killer, a userspace OOM killer, a crash, an abort. */
    static final int WARNING = 4;
    /** syslog priority 5: a signal from a process, a timeout escalation, an exit, an unknown cause. */
    static final int NOTICE = 5;

    private JournalFields() {
    }

    public static List<JournalField> of(ExportedTermination exported) {
        Termination t = exported.termination();
        Subject s = t.subject();
        ExitInfo x = t.exit();
        Killer k = t.killer();
        List<JournalField> f = new ArrayList<>();
        f.add(new JournalField("MESSAGE_ID", MESSAGE_ID));
        f.add(new JournalField("MESSAGE", t.summary()));
        f.add(new JournalField("PRIORITY", Integer.toString(priority(t.cause()))));
        f.add(new JournalField("SYSLOG_IDENTIFIER", "whokilled"));
        f.add(new JournalField("WHOKILLED_EVENT_ID", exported.id()));
        t.when().wallTime().ifPresent(w -> f.add(new JournalField("WHOKILLED_TIME", w.instant().toString())));
        // the journal spells boot ids without dashes (_BOOT_ID, journalctl --list-boots); so does this field
        t.when().bootId().ifPresent(b -> f.add(new JournalField("WHOKILLED_BOOT_ID", b.replace("-", ""))));
        f.add(new JournalField("WHOKILLED_CAUSE", t.cause().label()));
        add(f, "WHOKILLED_PID", s.pid());
        add(f, "WHOKILLED_COMM", s.comm());
        add(f, "WHOKILLED_CMDLINE", s.cmdline());
        add(f, "WHOKILLED_UID", s.uid());
        add(f, "WHOKILLED_EXIT_STATUS", x.status());
        add(f, "WHOKILLED_EXIT_CODE", x.code());
        add(f, "WHOKILLED_SIGNAL", x.signal());
        if (x.signal().isPresent()) {
            f.add(new JournalField("WHOKILLED_SIGNAL_NAME", Signals.name(x.signal().getAsInt())));
        }
        x.coreDumped().ifPresent(c -> f.add(new JournalField("WHOKILLED_CORE_DUMPED", c ? "1" : "0")));
        if (k.kind() != KillerKind.UNKNOWN) {
            f.add(new JournalField("WHOKILLED_KILLER_KIND", k.kind().label()));
        }
        add(f, "WHOKILLED_KILLER_PID", k.pid());
        add(f, "WHOKILLED_KILLER_COMM", k.name());
        add(f, "WHOKILLED_KILLER_CMDLINE", k.cmdline());
        add(f, "WHOKILLED_UNIT", s.unit());
        add(f, "WHOKILLED_CGROUP", s.cgroup());
        add(f, "WHOKILLED_CONTAINER", s.containerId());
        add(f, "WHOKILLED_POD_UID", s.podUid());
        t.oom().ifPresent(oom -> {
            f.add(new JournalField("WHOKILLED_OOM_CONSTRAINT", oom.kill().constraint().label()));
            add(f, "WHOKILLED_OOM_MEMCG", oom.kill().oomMemcg());
            oom.kill().memoryCounter()
                    .map(MemoryUsage::limitKb)
                    .ifPresent(kb -> f.add(new JournalField("WHOKILLED_OOM_LIMIT_BYTES", Long.toString(kb * 1024))));
        });
        f.add(new JournalField("WHOKILLED_TRUST", t.trust().label()));
        return List.copyOf(f);
    }

    /** Warning for what the kernel or an OOM killer decided and for crashes; notice for the rest. */
    static int priority(Cause cause) {
        return switch (cause) {
            case OOM_KILL, USERSPACE_OOM_KILLER, CRASH, ABORT -> WARNING;
            case SIGNAL, TIMEOUT_ESCALATION, EXIT, UNKNOWN -> NOTICE;
        };
    }

    /** An empty text (a kernel thread's command line) is left out like an absent one: it says nothing. */
    private static void add(List<JournalField> f, String name, Optional<String> value) {
        value.filter(v -> !v.isEmpty()).ifPresent(v -> f.add(new JournalField(name, v)));
    }

    private static void add(List<JournalField> f, String name, OptionalInt value) {
        if (value.isPresent()) {
            f.add(new JournalField(name, Integer.toString(value.getAsInt())));
        }
    }

    private static void add(List<JournalField> f, String name, OptionalLong value) {
        if (value.isPresent()) {
            f.add(new JournalField(name, Long.toString(value.getAsLong())));
        }
    }
}
