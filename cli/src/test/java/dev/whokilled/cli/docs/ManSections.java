package dev.whokilled.cli.docs;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The man page sections picocli's model has no place for, in AsciiDoc: ENVIRONMENT and FILES on
 * {@code whokilled(1)}, SEE ALSO on every page. Kept beside {@link GenerateDocs}, which appends them.
 */
final class ManSections {
    private ManSections() {
    }

    private static final String ENVIRONMENT = """

            == ENVIRONMENT

            *WHOKILLED_PAGER*, *SYSTEMD_PAGER*, *PAGER*::
              The pager for output longer than the terminal, the first one set wins (else *less*, then *more*);
              empty or *cat* means none, as does *--no-pager*. Output that is not a terminal is never paged.

            *SYSTEMD_LESS*::
              Options for *less* (default *FRSXMK*, as systemd's tools).

            *NO_COLOR*::
              Set to anything: no bold answer line. *TERM=dumb* does the same.

            *TZ*::
              The time zone of printed local times, and of *--since*/*--until* without an offset.

            *XDG_STATE_HOME*, *HOME*::
              Where a user other than root keeps a store by default: _$XDG_STATE_HOME/whokilled_, else
              _~/.local/state/whokilled_.

            *WHOKILLED_JAVA_OPTS*::
              Extra JVM options for the launcher, placed after its own (so they win).

            == FILES

            _/var/lib/whokilled_::
              The agent's store (root): _events-{asterisk}.jsonl_ segments with their _.idx_ pid indexes, and
              _checkpoint.json_. Readable by the group in *store.group* (default *adm*).

            _/var/log/whokilled/events.jsonl_::
              One JSON line per termination, for log shippers (the unit's *--export-file*).

            _/dev/kmsg_, _/sys/kernel/tracing/instances/whokilled_, _/run/systemd/journal/socket_::
              The kernel log the agent follows, its own tracefs instance (signal senders), and journald's
              socket its journal entries go to.
            """;

    private static final List<String> SYSTEM_PAGES = List.of("dmesg(1)", "journalctl(1)", "coredumpctl(1)",
            "systemd.kill(5)", "proc(5)", "wait(2)", "signal(7)");

    /** What to append to {@code page}'s AsciiDoc, given every page generated (the root first). */
    static String of(String page, List<String> pages) {
        String seeAlso = pages.stream().filter(p -> !p.equals(page)).map(p -> "*" + p + "*(1)")
                .collect(Collectors.joining(", ")) + ", " + String.join(", ", SYSTEM_PAGES);
        return (page.equals("whokilled") ? ENVIRONMENT : "") + "\n== SEE ALSO\n\n" + seeAlso + "\n";
    }
}
