package io.portway.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.portway.events.ArtifactKind;

import java.time.Instant;

/**
 * One change in the audit log: the event and the artifact's full state before it ({@code null} for a creation)
 * and after it ({@code null} for a deletion).
 */
public record AuditEntry(
        Instant occurredAt,
        ArtifactKind artifactKind,
        String name,
        String artifactId,
        long sequence,
        String type,
        String principal,
        String correlationId,
        @JsonRawValue String data,
        @JsonRawValue String before,
        @JsonRawValue String after) {
}
