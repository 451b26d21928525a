package io.portway.command.sendport;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.artifact.ExpectedVersion;
import io.portway.command.artifact.LifecycleEvents;
import io.portway.command.artifact.Transitions;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.sendport.SendPortCommands.ConfigureSendPort;
import io.portway.command.sendport.SendPortCommands.ChangeSendPortLifecycle;
import io.portway.command.sendport.SendPortCommands.CreateSendPort;
import io.portway.command.sendport.SendPortCommands.DeleteSendPort;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortEvent;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.SendPortUnenlisted;
import io.portway.messaging.TransportSecrets;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static io.portway.command.artifact.Transitions.version;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A send port: its fixed properties, its configuration and its status. Rules that involve groups are decided with
 * the {@link ArtifactDirectory}, in the transaction that records the events. Secret transport properties are
 * sealed here, before they reach an event ({@link SecretProperties}).
 */
@Aggregate(cache = "artifactCache")
class SendPort {

    @AggregateIdentifier
    private String artifactId;
    private String name;
    private boolean dynamic;
    private boolean twoWay;
    private SendPortConfiguration configuration;
    private ArtifactStatus status;

    private static final LifecycleEvents EVENTS = new LifecycleEvents("send port",
            SendPortEnlisted::new, SendPortStarted::new, SendPortStopped::new, SendPortUnenlisted::new);

    SendPort() {
    }

    @CommandHandler
    SendPort(CreateSendPort command, ArtifactDirectory directory, TransportSecrets secrets) {
        SendPortConfiguration sealed = SecretProperties.seal(command.configuration(), null, secrets);
        if (!directory.claim(command.artifactId(), command.name(), ArtifactKind.SendPort,
                sealed.application(), command.dynamic(), command.twoWay(), sealed)) {
            throw new CommandRefused(ErrorCode.NAME_TAKEN, "cannot create send port '" + command.name()
                    + "': the name is taken by a live send port or send port group, and names are unique");
        }
        artifactId = command.artifactId();
        apply(new SendPortCreated(command.name(), command.dynamic(), command.twoWay(), sealed));
    }

    @CommandHandler
    ChangedArtifact handle(ConfigureSendPort command, ArtifactDirectory directory, TransportSecrets secrets) {
        ExpectedVersion.check(describe(), command.expectedVersion(), version());
        if (command.dynamic() != dynamic || command.twoWay() != twoWay) {
            String property = command.dynamic() != dynamic ? "dynamic" : "twoWay";
            throw new CommandRefused(ErrorCode.IMMUTABLE_PROPERTY, "cannot change '" + property + "' of "
                    + describe() + ": it is " + (property.equals("dynamic") ? dynamic : twoWay)
                    + ", and dynamic and twoWay are fixed at creation");
        }
        SendPortConfiguration sealed = SecretProperties.seal(command.configuration(), configuration, secrets);
        if (!sealed.equals(configuration)) {
            apply(new SendPortConfigured(name, sealed));
        }
        return state();
    }

    @CommandHandler
    ChangedArtifact handle(ChangeSendPortLifecycle command, ArtifactDirectory directory) {
        return change(command.action(), command.expectedVersion(), directory);
    }

    @CommandHandler
    void handle(DeleteSendPort command, ArtifactDirectory directory) {
        Transitions.checkDeletable(name, status, EVENTS, command.expectedVersion());
        directory.lock(artifactId);
        List<String> groups = directory.groupNamesOf(artifactId);
        if (!groups.isEmpty()) {
            throw new CommandRefused(ErrorCode.PORT_IN_GROUP, "cannot delete " + describe()
                    + ": it is a member of send port group(s) " + String.join(", ", groups)
                    + ", and a send port can be deleted only when it is in no group");
        }
        apply(new SendPortDeleted(name));
    }

    private ChangedArtifact change(Lifecycle action, Long expectedVersion, ArtifactDirectory directory) {
        return Transitions.change(name, status, EVENTS, action, expectedVersion, path -> {
            if (path.get(path.size() - 1) == ArtifactStatus.Bound) {
                List<String> groups = directory.groupsWhereOnlyEnlistedMember(artifactId);
                if (!groups.isEmpty()) {
                    throw new CommandRefused(ErrorCode.LAST_ENLISTED_MEMBER, "cannot unenlist " + describe()
                            + ": it is " + status + " and the last enlisted member of the enlisted send port"
                            + " group(s) " + String.join(", ", groups)
                            + ", and an enlisted group must keep an enlisted member");
                }
            }
        });
    }

    private ChangedArtifact state() {
        return new ChangedArtifact(name, status, version());
    }

    private String describe() {
        return EVENTS.describe(name);
    }

    @EventSourcingHandler
    void on(SendPortCreated event, @SourceId String artifactId) {
        this.artifactId = artifactId;
        name = event.name();
        dynamic = event.dynamic();
        twoWay = event.twoWay();
        configuration = event.configuration();
        status = ArtifactStatus.Bound;
    }

    @EventSourcingHandler
    void on(SendPortConfigured event) {
        configuration = event.configuration();
    }

    /** Enlisted, started, stopped, unenlisted: the status the {@link Lifecycle} table says the event leaves. */
    @EventSourcingHandler
    void on(SendPortEvent event) {
        Lifecycle.statusAfter(event).ifPresent(next -> status = next);
    }

    @EventSourcingHandler
    void on(SendPortDeleted event) {
        AggregateLifecycle.markDeleted();
    }
}
