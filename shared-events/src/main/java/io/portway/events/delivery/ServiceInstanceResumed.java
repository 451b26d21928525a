package io.portway.events.delivery;

import java.time.Instant;

/**
 * A suspended instance was resumed by an operator, or released because its port or group started.
 * A resume by an operator resubmits the message as a new instance {@code instanceId} with lineage
 * {@code resubmittedFrom}; a release keeps the instance ({@code resubmittedFrom} null).
 *
 * @param resubmissions how many times the message was resubmitted to this port so far
 */
public record ServiceInstanceResumed(
        String instanceId,
        String messageId,
        String sendPort,
        String resubmittedFrom,
        int resubmissions,
        String principal,
        Instant occurredAt) implements DeliveryEvent {
}
