package io.portway.command.group;

import io.portway.events.Lifecycle;
import io.portway.events.SendPortGroupConfiguration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The commands of the {@link SendPortGroup} aggregate; {@code expectedVersion} is the request's If-Match, if any. */
public final class SendPortGroupCommands {

    private SendPortGroupCommands() {
    }

    public record CreateSendPortGroup(@TargetAggregateIdentifier String artifactId, String name,
                               SendPortGroupConfiguration configuration, List<String> sendPorts) {
    }

    /** {@code sendPorts} null keeps the members; a list makes them exactly these (new ones join at the end). */
    public record ConfigureSendPortGroup(@TargetAggregateIdentifier String artifactId, Long expectedVersion,
                                  SendPortGroupConfiguration configuration, List<String> sendPorts) {
    }

    record AddSendPortToGroup(@TargetAggregateIdentifier String artifactId, Long expectedVersion, String sendPort) {
    }

    record RemoveSendPortFromGroup(@TargetAggregateIdentifier String artifactId, Long expectedVersion,
                                   String sendPort) {
    }

    /** Enlist, start, stop or unenlist, along the {@link Lifecycle} table. */
    public record ChangeSendPortGroupLifecycle(@TargetAggregateIdentifier String artifactId, Lifecycle action,
                                               Long expectedVersion) {
    }

    record DeleteSendPortGroup(@TargetAggregateIdentifier String artifactId, Long expectedVersion) {
    }
}
