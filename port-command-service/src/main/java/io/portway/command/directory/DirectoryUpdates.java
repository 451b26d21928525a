package io.portway.command.directory;

import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortRemovedFromGroup;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.SourceId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/**
 * Keeps the {@link ArtifactDirectory} from the events, the set-validation pattern of AxonIQ's code-samples: a
 * subscribing processor runs these handlers in the command's own unit of work and transaction, right after its events
 * are appended, so the lookup table commits or rolls back with them. A failing update fails the command (the
 * processor propagates errors instead of logging them). The aggregates only read and lock the table, and claim a name
 * at creation; every other write is here, once.
 */
@Configuration(proxyBeanMethods = false)
@ProcessingGroup(DirectoryUpdates.PROCESSOR)
class DirectoryUpdates {

    static final String PROCESSOR = "artifact-directory";

    private final ArtifactDirectory directory;

    DirectoryUpdates(ArtifactDirectory directory) {
        this.directory = directory;
    }

    @Autowired
    void subscribeInTheCommandsTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(PROCESSOR)
                .registerListenerInvocationErrorHandler(PROCESSOR, configuration -> PropagatingErrorHandler.instance());
    }

    /** One statement per event (two for a group's creation with members), in the command's transaction. */
    @EventHandler
    void on(PortwayEvent event, @SourceId String artifactId, @SequenceNumber long sequence) {
        long version = sequence + 1;
        Optional<ArtifactStatus> status = Lifecycle.statusAfter(event);
        if (event instanceof SendPortCreated) {
            return; // the creation claimed the row, at version 1
        } else if (event instanceof SendPortGroupCreated created) {
            created.sendPorts().forEach(port -> directory.addMember(artifactId, port));
        } else if (event instanceof SendPortDeleted || event instanceof SendPortGroupDeleted) {
            directory.release(artifactId);
        } else if (event instanceof SendPortConfigured configured) {
            directory.recordConfiguration(artifactId, configured.configuration().application(),
                    configured.configuration(), version);
        } else if (event instanceof SendPortGroupConfigured configured) {
            directory.recordConfiguration(artifactId, configured.configuration().application(),
                    configured.configuration(), version);
        } else if (status.isPresent()) {
            directory.recordStatus(artifactId, status.get(), version);
        } else if (event instanceof SendPortAddedToGroup added) {
            directory.addMember(artifactId, added.sendPort());
            directory.recordVersion(artifactId, version);
        } else if (event instanceof SendPortRemovedFromGroup removed) {
            directory.removeMember(artifactId, removed.sendPort());
            directory.recordVersion(artifactId, version);
        } else {
            throw new IllegalStateException("the artifact directory does not know event " + event.type());
        }
    }
}
