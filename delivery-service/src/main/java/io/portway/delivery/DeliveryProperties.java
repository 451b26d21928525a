package io.portway.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Tuning of the delivery service ({@code portway.delivery.*}).
 *
 * @param workers            worker threads claiming due service instances
 * @param batchSize          instances claimed per statement
 * @param pollInterval       how long an idle worker waits before looking for due instances again
 * @param lease              how long a claimed (Active) instance is reserved; a crashed worker's instances are
 *                           claimed again after it (a retry of the same instance id)
 * @param httpConnectTimeout HTTP transport connect timeout
 * @param httpReadTimeout    HTTP transport response timeout
 * @param routingRefresh     how often the routing index checks whether another instance changed the table
 * @param outboxInterval     how often the outbox relay looks for events when not woken up
 * @param publishCommitters  transactions that store publishes at once (group commit)
 * @param publishBatch       publishes at most in one of those transactions
 */
@ConfigurationProperties("portway.delivery")
public record DeliveryProperties(
        Integer workers,
        Integer batchSize,
        Duration pollInterval,
        Duration lease,
        Duration httpConnectTimeout,
        Duration httpReadTimeout,
        Duration routingRefresh,
        Duration outboxInterval,
        Integer publishCommitters,
        Integer publishBatch) {

    public DeliveryProperties {
        workers = workers == null ? 4 : workers;
        batchSize = batchSize == null ? 64 : batchSize;
        pollInterval = pollInterval == null ? Duration.ofMillis(100) : pollInterval;
        lease = lease == null ? Duration.ofSeconds(10) : lease;
        httpConnectTimeout = httpConnectTimeout == null ? Duration.ofSeconds(3) : httpConnectTimeout;
        httpReadTimeout = httpReadTimeout == null ? Duration.ofSeconds(5) : httpReadTimeout;
        routingRefresh = routingRefresh == null ? Duration.ofSeconds(1) : routingRefresh;
        outboxInterval = outboxInterval == null ? Duration.ofMillis(100) : outboxInterval;
        publishCommitters = publishCommitters == null ? 4 : publishCommitters;
        publishBatch = publishBatch == null ? 64 : publishBatch;
    }
}
