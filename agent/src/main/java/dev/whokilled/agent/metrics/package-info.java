/**
 * The agent's Prometheus metrics. {@link dev.whokilled.agent.metrics.AgentMetrics} is the registry the
 * agent updates (sources up, gaps, store write errors) and the metrics export counts terminations
 * into; {@link dev.whokilled.agent.metrics.Exposition} writes the text format;
 * {@link dev.whokilled.agent.metrics.MetricsServer} serves it on {@code metrics.listen} and
 * {@link dev.whokilled.agent.metrics.TextfileWriter} keeps a node_exporter textfile;
 * {@link dev.whokilled.agent.metrics.MetricsExport} is the sink that ties them to the agent's exports.
 */
package dev.whokilled.agent.metrics;
