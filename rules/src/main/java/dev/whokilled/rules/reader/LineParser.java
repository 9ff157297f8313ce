package dev.whokilled.rules.reader;

import dev.whokilled.rules.record.LogFormat;

/**
 * Parses the lines of one rendering of a kernel log; an instance serves one input and may keep
 * state between lines (the journal's boot markers), so it is not thread-safe.
 */
interface LineParser {
    LogFormat format();

    /** Parses a non-empty line; {@code lineNumber} is 1-based. Never throws on any input. */
    LineResult parse(String line, long lineNumber);

    /** A fresh parser for the format, with the options it needs. */
    static LineParser forFormat(LogFormat format, ReaderOptions options) {
        return switch (format) {
            case KMSG -> new KmsgLineParser();
            case DMESG -> new DmesgLineParser();
            case DMESG_CTIME -> new DmesgCtimeLineParser(options.zone());
            case DMESG_RAW -> new DmesgRawLineParser();
            case SYSLOG -> new SyslogLineParser(options.zone(), options.yearForClassicSyslog());
            case JOURNAL_SHORT -> new JournalShortLineParser(options.zone(), options.yearForClassicSyslog());
            case JOURNAL_JSON -> new JournalJsonLineParser();
        };
    }
}
