package dev.whokilled.rules.explain;

import dev.whokilled.rules.evidence.Evidence;
import dev.whokilled.rules.evidence.KernelFault;
import dev.whokilled.rules.evidence.OomKill;
import dev.whokilled.rules.evidence.ServiceEvent;
import dev.whokilled.rules.evidence.UserspaceKill;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Groups evidence about the same death into incidents, streaming, with bounded state. Not
 * thread-safe.
 *
 * <p>Evidence about a process joins the open incident of the same pid; a supervisor's message about a
 * unit joins the latest open incident of that unit. An incident closes when no evidence has joined it
 * for {@code windowLines} input lines (a kernel report and systemd's account of the same death are
 * logged within moments of each other), or when more than {@code maxOpen} are open. Closed
 * incidents come out in the order they were opened, which is log order.
 */
public final class IncidentCorrelator {
    private final long windowLines;
    private final int maxOpen;
    private final List<Open> open = new ArrayList<>();

    private static final class Open {
        Incident incident;
        OptionalInt pid;
        Optional<String> unit;
        long lastLine;

        Open(Evidence e, OptionalInt pid, Optional<String> unit, long line) {
            this.incident = Incident.of(e);
            this.pid = pid;
            this.unit = unit;
            this.lastLine = line;
        }

        void add(Evidence e, OptionalInt newPid, Optional<String> newUnit, long line) {
            incident = incident.with(e);
            if (pid.isEmpty()) {
                pid = newPid;
            }
            if (unit.isEmpty()) {
                unit = newUnit;
            }
            lastLine = line;
        }
    }

    public IncidentCorrelator(long windowLines, int maxOpen) {
        if (windowLines < 1 || maxOpen < 1) {
            throw new IllegalArgumentException("windowLines and maxOpen must be positive: " + windowLines + ", " + maxOpen);
        }
        this.windowLines = windowLines;
        this.maxOpen = maxOpen;
    }

    /** Defaults: a 5000-line window and at most 4096 open incidents. */
    public static IncidentCorrelator withDefaults() {
        return new IncidentCorrelator(5000, 4096);
    }

    /** Adds one piece of evidence; returns the incidents that closed. */
    public List<Incident> accept(Evidence e) {
        long line = e.anchor().lineNumber();
        List<Incident> closed = expire(line);
        OptionalInt pid = e.subjectPid();
        Optional<String> unit = e.subjectUnit();
        Optional<Open> target = joinable(e, pid, unit);
        if (target.isPresent()) {
            target.get().add(e, pid, unit, line);
        } else {
            insertInLogOrder(new Open(e, pid, unit, line));
            if (open.size() > maxOpen) {
                closed.add(open.remove(0).incident);
            }
        }
        return closed;
    }

    /**
     * Parsers may hand over evidence a little after later evidence (the OOM assembler holds a kill
     * until its report closes), so incidents are kept sorted by their first line.
     */
    private void insertInLogOrder(Open o) {
        int i = open.size();
        while (i > 0 && open.get(i - 1).incident.evidence().get(0).anchor().lineNumber() > o.lastLine) {
            i--;
        }
        open.add(i, o);
    }

    /** Closes every open incident: end of input. */
    public List<Incident> finish() {
        List<Incident> closed = new ArrayList<>();
        open.forEach(o -> closed.add(o.incident));
        open.clear();
        return closed;
    }

    private List<Incident> expire(long line) {
        List<Incident> closed = new ArrayList<>();
        // Close in opening order, stopping at the first still-live incident so output stays in log order.
        Iterator<Open> it = open.iterator();
        while (it.hasNext()) {
            Open o = it.next();
            if (line - o.lastLine <= windowLines) {
                break;
            }
            closed.add(o.incident);
            it.remove();
        }
        return closed;
    }

    private Optional<Open> joinable(Evidence e, OptionalInt pid, Optional<String> unit) {
        for (int i = open.size() - 1; i >= 0; i--) {
            Open o = open.get(i);
            if (pid.isPresent() && o.pid.isPresent()) {
                if (pid.getAsInt() == o.pid.getAsInt() && compatible(o.incident, e)) {
                    return Optional.of(o);
                }
            } else if (unit.isPresent() && unit.equals(o.unit) && compatible(o.incident, e)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** A process dies once: a second kill or crash report for the same pid is a new process (pid reuse). */
    private static boolean compatible(Incident incident, Evidence e) {
        if (e instanceof OomKill) {
            return incident.first(OomKill.class).isEmpty() && incident.first(KernelFault.class).isEmpty();
        }
        if (e instanceof KernelFault f) {
            return incident.first(OomKill.class).isEmpty()
                    && incident.all(KernelFault.class).noneMatch(g -> g.kind() == f.kind());
        }
        if (e instanceof UserspaceKill) {
            return incident.first(UserspaceKill.class).isEmpty();
        }
        if (e instanceof ServiceEvent s) {
            return incident.service(s.kind()).isEmpty();
        }
        return false;
    }

}
