package io.scorehouse.recon;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.SqlFiles;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The time frame of one reconciliation day (spec Z7-2.7 §2.2): decisions made in D (00:00–24:00
 * UTC) that arrived by the watermark (D+1 02:00), matched to scores within ±5 minutes. Scores are
 * looked up from D−1 (a decision early in D may use a score from late D−1) to past the watermark.
 */
public record ReconWindow(LocalDate day) {
    public static final Duration JOIN_WINDOW = Duration.ofMinutes(5);
    public static final Duration WATERMARK = Duration.ofHours(2);

    public ReconWindow {
        requireNonNull(day, "day is null");
    }

    public Instant dayStart() {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant dayEnd() {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant watermark() {
        return dayEnd().plus(WATERMARK);
    }

    public Instant lookupStart() {
        return dayStart().minus(Duration.ofDays(1));
    }

    public Instant lookupEnd() {
        return watermark().plus(JOIN_WINDOW);
    }

    /** The window as the recon SQL's parameters (UTC timestamps, the join window in seconds, the day). */
    public Map<String, String> sqlParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("day_start", SqlFiles.timestamp(dayStart()));
        params.put("day_end", SqlFiles.timestamp(dayEnd()));
        params.put("watermark", SqlFiles.timestamp(watermark()));
        params.put("lookup_start", SqlFiles.timestamp(lookupStart()));
        params.put("lookup_end", SqlFiles.timestamp(lookupEnd()));
        params.put("window_seconds", Long.toString(JOIN_WINDOW.toSeconds()));
        params.put("dt", day.toString());
        return params;
    }

    /** Whether late events may still arrive at {@code now}: results before the watermark are provisional. */
    public boolean openAt(Instant now) {
        return now.isBefore(watermark());
    }
}
