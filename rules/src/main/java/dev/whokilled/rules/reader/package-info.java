/**
 * Readers: kernel-log text in any rendering → {@link dev.whokilled.rules.record.KernelRecord}s.
 *
 * <p>Map:
 * <ul>
 *   <li>{@link dev.whokilled.rules.reader.KernelLogReader#open} is the entry point: gzip unwrapping,
 *       format detection ({@code FormatDetector}: the parser that understands most of the first 64
 *       lines), then a lazy {@link dev.whokilled.rules.reader.RecordStream} with counters; or
 *       {@link dev.whokilled.rules.reader.OpenOutcome.UnknownFormat}.</li>
 *   <li>{@link dev.whokilled.rules.reader.PartedRecords}: the same records from a large regular
 *       file read in parts side by side (one {@code RecordStream} per part, cut at line starts
 *       where the prefilter is {@linkplain dev.whokilled.rules.reader.LinePrefilter#atRest at
 *       rest}); both are a {@link dev.whokilled.rules.reader.RecordSource}. Each part's
 *       {@link dev.whokilled.rules.reader.PartedRecords.Ahead} may also hand out what its thread
 *       prepared from each record (in the CLI, the OOM parse of it).</li>
 *   <li>{@link dev.whokilled.rules.reader.ReaderOptions}: forced format, zone and year for stamps
 *       that lack them, line bound, and the {@link dev.whokilled.rules.reader.LinePrefilter} hook
 *       run on raw bytes before decoding.</li>
 *   <li>{@code LineSplitter}: the hot path; bounded byte-level line splitting in one buffer.</li>
 *   <li>One {@code LineParser} per rendering, each a pure line → {@code LineResult}:
 *       {@code KmsgLineParser}, {@code DmesgLineParser} (also {@code dmesg -x}),
 *       {@code DmesgCtimeLineParser} ({@code -T}), {@code DmesgRawLineParser} ({@code -r}),
 *       {@code SyslogLineParser}, {@code JournalShortLineParser}, {@code JournalJsonLineParser}
 *       (with the strict {@code JsonObjectParser}).</li>
 *   <li>Shared pieces: {@code SyslogStamps}/{@code LocalTimes} (wall-clock stamps), {@code SyslogTag}
 *       ({@code ident[pid]:}), {@code SyslogBody}, {@code DmesgDecoration}, {@code Scan}.</li>
 * </ul>
 *
 * <p>The rule that matters downstream is the origin: only a rendering that carries the facility
 * can prove the kernel wrote a line ({@code Origin.KERNEL}); see each parser for how it decides.
 * Callers hand in an {@code InputStream}; only {@code PartedRecords} opens a file, the regular
 * file its caller names, to read its parts.
 */
package dev.whokilled.rules.reader;
