/**
 * Kernel-log records in a rendering-independent form: {@link dev.whokilled.rules.record.KernelRecord}
 * with its {@link dev.whokilled.rules.record.Stamp} (kernel clock, sequence, wall time and how it was
 * obtained) and {@link dev.whokilled.rules.record.Provenance} (who wrote it: the anti-spoofing
 * {@link dev.whokilled.rules.record.Origin}).
 */
package dev.whokilled.rules.record;
