package io.portway.events.delivery;

import java.time.Instant;

/**
 * The instance was suspended: held because its port or group is stopped ({@code PORT_STOPPED},
 * {@code GROUP_STOPPED}), failed ({@code TRANSPORT_FAILED}, {@code PIPELINE_FAILED}, {@code NO_ADDRESS}, …) or
 * suspended by an operator ({@code SUSPENDED_BY_OPERATOR}).
 *
 * @param resumable false for {@code SuspendedNotResumable}
 * @param error     the last error, if any
 */
public record ServiceInstanceSuspended(
        String instanceId,
        String messageId,
        String sendPort,
        String reason,
        boolean resumable,
        String error,
        Instant occurredAt) implements DeliveryEvent {
}
