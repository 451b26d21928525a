package io.portway.events.delivery;

import java.time.Instant;

/**
 * The instance was terminated: by an operator ({@code TERMINATED_BY_OPERATOR}), because it was resubmitted as a
 * new instance ({@code RESUBMITTED}), or after its failure was routed as a failed message.
 */
public record ServiceInstanceTerminated(
        String instanceId,
        String messageId,
        String sendPort,
        String reason,
        String principal,
        Instant occurredAt) implements DeliveryEvent {
}
