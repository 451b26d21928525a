package io.portway.command.sendport;

import io.portway.events.Lifecycle;
import io.portway.events.SendPortConfiguration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the {@link SendPort} aggregate; {@code expectedVersion} is the request's If-Match, if any. */
public final class SendPortCommands {

    private SendPortCommands() {
    }

    public record CreateSendPort(@TargetAggregateIdentifier String artifactId, String name, boolean dynamic,
                          boolean twoWay, SendPortConfiguration configuration) {
    }

    public record ConfigureSendPort(@TargetAggregateIdentifier String artifactId, Long expectedVersion, boolean dynamic,
                             boolean twoWay, SendPortConfiguration configuration) {
    }

    /** Enlist, start, stop or unenlist, along the {@link Lifecycle} table. */
    public record ChangeSendPortLifecycle(@TargetAggregateIdentifier String artifactId, Lifecycle action,
                                          Long expectedVersion) {
    }

    record DeleteSendPort(@TargetAggregateIdentifier String artifactId, Long expectedVersion) {
    }
}
