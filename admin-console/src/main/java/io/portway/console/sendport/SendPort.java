package io.portway.console.sendport;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPipeline;
import io.portway.events.Tracking;
import io.portway.events.Transport;

import java.util.List;

/** A send port as the query service shows it (tolerant reader: fields the console does not use are ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
record SendPort(
        String name,
        String description,
        String application,
        boolean dynamic,
        boolean twoWay,
        Transport primaryTransport,
        Transport backupTransport,
        SendPipeline sendPipeline,
        Filter filter,
        Integer priority,
        boolean orderedDelivery,
        boolean stopSendingOnFailure,
        boolean routeFailedMessages,
        Tracking tracking,
        ArtifactStatus status,
        long version,
        List<String> groups) {

    SendPort {
        groups = groups == null ? List.of() : groups;
    }

    public String transportSummary() {
        if (dynamic) {
            return "dynamic";
        }
        return primaryTransport == null ? "" : primaryTransport.type() + " " + primaryTransport.address();
    }
}
