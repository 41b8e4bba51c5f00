package dev.artifactservice.quota;

import java.util.List;

/**
 * The outcome of one recount of the usage counters. {@code ran} is false when another instance was recounting.
 * {@code organizationsChecked} and {@code sessionsChecked}: organizations recounted and sessions among them with
 * artifact rows or a counter row. {@code countersCorrected}: counter values that differed from their rows and were
 * set (a session's missing counter row counts once per counter). {@code corrections} names the first
 * {@value UsageRecounter#REPORTED_CORRECTIONS} of them (the log has every one).
 */
public record UsageRecountReport(boolean ran, long organizationsChecked, long sessionsChecked, long countersCorrected,
                                 List<UsageCorrection> corrections) {

    /** The report of a recount that did not happen because another instance was recounting. */
    static UsageRecountReport skipped() {
        return new UsageRecountReport(false, 0, 0, 0, List.of());
    }
}
