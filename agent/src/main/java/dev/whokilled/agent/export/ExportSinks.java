package dev.whokilled.agent.export;

import dev.whokilled.agent.AgentLog;
import dev.whokilled.agent.export.journal.JournalSink;
import java.util.ArrayList;
import java.util.List;

/** Opens the sinks the settings turn on. */
public final class ExportSinks {
    private ExportSinks() {
    }

    /** One that cannot open is logged with the reason and left out: the agent records without it. */
    public static List<TerminationSink> open(ExportConfig config, AgentLog log) {
        List<TerminationSink> sinks = new ArrayList<>();
        JournalSink.open(config.journal(), JournalSink.SOCKET, log).ifPresent(sinks::add);
        return sinks;
    }
}
