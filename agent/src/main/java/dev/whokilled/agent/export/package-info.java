/**
 * Where terminations go besides the store. {@link dev.whokilled.agent.export.TerminationFeed} explains
 * what the agent stores as it stores it and hands each {@link dev.whokilled.agent.export.ExportedTermination}
 * to every {@link dev.whokilled.agent.export.TerminationSink} that {@link dev.whokilled.agent.export.ExportConfig}
 * turns on. {@link dev.whokilled.agent.export.JsonExplanations} is the DESIGN.md JSON shape, shared with the CLI.
 */
package dev.whokilled.agent.export;
