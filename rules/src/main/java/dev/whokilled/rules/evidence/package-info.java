/**
 * Facts read from logs, each resting on the records that say so: the sealed
 * {@link dev.whokilled.rules.evidence.Evidence} with OOM kills (and their report parts), kernel
 * faults, supervisor messages and userspace OOM killers. Parsers produce them; the explanation
 * rules consume them.
 */
package dev.whokilled.rules.evidence;
