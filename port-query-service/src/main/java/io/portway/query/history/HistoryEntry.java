package io.portway.query.history;

import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;

/**
 * One event of an artifact's history. {@code artifactId} tells incarnations of a name apart (a name deleted and
 * created again has a new artifact id, and its history lists every incarnation in order).
 */
public record HistoryEntry(
        String artifactId,
        long sequence,
        String type,
        Instant occurredAt,
        String principal,
        String correlationId,
        @JsonRawValue String data) {
}
