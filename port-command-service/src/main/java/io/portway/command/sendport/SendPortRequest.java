package io.portway.command.sendport;

import io.portway.events.Filter;
import io.portway.events.SendPipeline;
import io.portway.events.ServiceWindow;
import io.portway.events.Tracking;
import io.portway.events.TransportType;

import java.time.Duration;
import java.util.Map;

/** The body of {@code POST /api/send-ports} and {@code PUT /api/send-ports/{name}}; absent fields take defaults. */
public record SendPortRequest(
        String name,
        String description,
        String application,
        Boolean dynamic,
        Boolean twoWay,
        TransportRequest primaryTransport,
        TransportRequest backupTransport,
        SendPipeline sendPipeline,
        Filter filter,
        Integer priority,
        Boolean orderedDelivery,
        Boolean stopSendingOnFailure,
        Boolean routeFailedMessages,
        Tracking tracking) {

    public record TransportRequest(
            TransportType type,
            String address,
            Map<String, String> properties,
            Integer retryCount,
            Duration retryInterval,
            ServiceWindow serviceWindow) {
    }
}
