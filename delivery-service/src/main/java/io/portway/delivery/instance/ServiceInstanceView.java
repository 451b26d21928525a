package io.portway.delivery.instance;

import java.time.Instant;
import java.util.List;

/**
 * A service instance as the API shows it (docs/RULES.md §9). {@code reason} is the hold reason or failure code;
 * {@code resubmittedFrom} is the instance this one was resubmitted from by a resume, {@code resubmittedTo} the
 * instance that replaced this one.
 */
public record ServiceInstanceView(
        String id,
        String messageId,
        String sendPort,
        String via,
        String status,
        String reason,
        int attempts,
        List<Attempt> attemptLog,
        String transport,
        int resubmissions,
        String resubmittedFrom,
        String resubmittedTo,
        String lastError,
        int priority,
        Instant acceptedAt,
        Instant createdAt,
        Instant updatedAt,
        Instant dueAt,
        Instant completedAt) {
}
