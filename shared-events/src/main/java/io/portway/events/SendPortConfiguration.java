package io.portway.events;

/**
 * Everything about a send port that {@code PUT /api/send-ports/{name}} can change. The fixed properties
 * ({@code name}, {@code dynamic}, {@code twoWay}) live in {@link SendPortCreated}.
 */
public record SendPortConfiguration(
        String description,
        String application,
        Transport primaryTransport,
        Transport backupTransport,
        SendPipeline sendPipeline,
        Filter filter,
        int priority,
        boolean orderedDelivery,
        boolean stopSendingOnFailure,
        boolean routeFailedMessages,
        Tracking tracking) {

    public static final String DEFAULT_APPLICATION = "Default";
    public static final int DEFAULT_PRIORITY = 5;
}
