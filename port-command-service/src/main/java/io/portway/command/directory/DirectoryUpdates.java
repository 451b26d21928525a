package io.portway.command.directory;

import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortGroupStopped;
import io.portway.events.SendPortGroupUnenlisted;
import io.portway.events.SendPortRemovedFromGroup;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.SendPortUnenlisted;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.SourceId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

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

    @EventHandler
    void on(SendPortConfigured event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordConfiguration(artifactId, event.configuration().application(), event.configuration(),
                version(sequence));
    }

    @EventHandler
    void on(SendPortGroupConfigured event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordConfiguration(artifactId, event.configuration().application(), event.configuration(),
                version(sequence));
    }

    @EventHandler
    void on(SendPortEnlisted event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Stopped, version(sequence));
    }

    @EventHandler
    void on(SendPortStarted event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Started, version(sequence));
    }

    @EventHandler
    void on(SendPortStopped event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Stopped, version(sequence));
    }

    @EventHandler
    void on(SendPortUnenlisted event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Bound, version(sequence));
    }

    @EventHandler
    void on(SendPortGroupEnlisted event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Stopped, version(sequence));
    }

    @EventHandler
    void on(SendPortGroupStarted event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Started, version(sequence));
    }

    @EventHandler
    void on(SendPortGroupStopped event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Stopped, version(sequence));
    }

    @EventHandler
    void on(SendPortGroupUnenlisted event, @SourceId String artifactId, @SequenceNumber long sequence) {
        directory.recordStatus(artifactId, ArtifactStatus.Bound, version(sequence));
    }

    @EventHandler
    void on(SendPortGroupCreated event, @SourceId String groupId) {
        event.sendPorts().forEach(port -> directory.addMember(groupId, port));
    }

    @EventHandler
    void on(SendPortAddedToGroup event, @SourceId String groupId, @SequenceNumber long sequence) {
        directory.addMember(groupId, event.sendPort());
        directory.recordVersion(groupId, version(sequence));
    }

    @EventHandler
    void on(SendPortRemovedFromGroup event, @SourceId String groupId, @SequenceNumber long sequence) {
        directory.removeMember(groupId, event.sendPort());
        directory.recordVersion(groupId, version(sequence));
    }

    @EventHandler
    void on(SendPortDeleted event, @SourceId String artifactId) {
        directory.release(artifactId);
    }

    @EventHandler
    void on(SendPortGroupDeleted event, @SourceId String artifactId) {
        directory.release(artifactId);
    }

    /** The version the API shows after an event: the number of the artifact's events so far. */
    private static long version(long sequence) {
        return sequence + 1;
    }
}
