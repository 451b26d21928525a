package io.portway.delivery.instance;

import io.portway.delivery.transport.Sent;
import io.portway.events.delivery.DeliveryEvent;

import java.time.Instant;
import java.util.List;

/**
 * What one delivery attempt leads to: the instance's next status and due time, the attempt log entry, the events to
 * publish, whether an ordered port stops, and a two-way port's response to publish.
 */
record Result(Claimed instance, InstanceStatus status, String reason, Instant dueAt, int attempts, String transport,
              int transportAttempts, String lastError, Attempt attempt, List<DeliveryEvent> events,
              boolean stopOrderedPort, Sent response) {

    boolean retried() {
        return status == InstanceStatus.WaitingToRetry;
    }
}
