package dev.whokilled.rules.explain;

import dev.whokilled.rules.record.TimeBasis;

/** The caveat that goes with each way of obtaining a wall time. Stateless. */
final class TimeNotes {
    private TimeNotes() {
    }

    static String caveat(TimeBasis basis) {
        return switch (basis) {
            case RECEIVED -> "The time is when the logger received the line; for kernel lines imported late"
                    + " (a journal started after the event) it can be minutes late.";
            case CONVERTED -> "The time is converted from the kernel's clock since boot; it runs late by any time"
                    + " the machine spent suspended (or restored from a snapshot) since boot.";
            case CORRECTED -> "The time is the journal's receipt time corrected by the kernel's own stamp.";
        };
    }
}
