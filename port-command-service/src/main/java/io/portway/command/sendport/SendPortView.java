package io.portway.command.sendport;

import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.messaging.TransportSecrets;

import java.util.List;

/**
 * A send port as the command API answers it: every property with defaults applied, status, version, groups;
 * secret transport properties show {@link TransportSecrets#MASK}.
 */
public record SendPortView(
        String name,
        String description,
        String application,
        boolean dynamic,
        boolean twoWay,
        Transport primaryTransport,
        Transport backupTransport,
        SendPipeline sendPipeline,
        Filter filter,
        int priority,
        boolean orderedDelivery,
        boolean stopSendingOnFailure,
        boolean routeFailedMessages,
        Tracking tracking,
        ArtifactStatus status,
        long version,
        List<String> groups) {

    public static SendPortView of(String name, boolean dynamic, boolean twoWay, SendPortConfiguration stored,
            ArtifactStatus status, long version, List<String> groups) {
        SendPortConfiguration c = TransportSecrets.redacted(stored);
        return new SendPortView(name, c.description(), c.application(), dynamic, twoWay, c.primaryTransport(),
                c.backupTransport(), c.sendPipeline(), c.filter(), c.priority(), c.orderedDelivery(),
                c.stopSendingOnFailure(), c.routeFailedMessages(), c.tracking(), status, version, groups);
    }
}
