/**
 * From stored facts to explained deaths: {@link dev.whokilled.agent.explain.DeathStream} feeds store
 * entries through the log parsers and the live correlator of {@code rules.death}. The CLI uses it to
 * read a store; the agent uses it on what it stores, to export each termination as it is explained.
 */
package dev.whokilled.agent.explain;
