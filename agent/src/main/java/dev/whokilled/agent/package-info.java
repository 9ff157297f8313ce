/**
 * The whokilled agent: the daemon that watches the kernel as processes die.
 *
 * <p>Map: {@code agent.source} will hold one class per kernel interface (kmsg, proc connector,
 * tracefs); {@code agent.store} the JSON-lines event store that the CLI reads. The knowledge
 * (parsing, correlation, explanation) stays in {@code dev.whokilled.rules}. {@code Agent} wires
 * them; {@code SourceSupervisor} keeps track of which sources run, retries the ones that could not
 * start or stopped, and stores each outage as one gap; {@code Recorder} decides what is stored.
 */
package dev.whokilled.agent;
