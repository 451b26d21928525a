package io.portway.command.group;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.artifact.ExpectedVersion;
import io.portway.command.artifact.LifecycleEvents;
import io.portway.command.artifact.Transitions;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.command.group.SendPortGroupCommands.AddSendPortToGroup;
import io.portway.command.group.SendPortGroupCommands.ConfigureSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.ChangeSendPortGroupLifecycle;
import io.portway.command.group.SendPortGroupCommands.CreateSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.DeleteSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.RemoveSendPortFromGroup;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortGroupEvent;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortGroupStopped;
import io.portway.events.SendPortGroupUnenlisted;
import io.portway.events.SendPortRemovedFromGroup;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.List;

import static io.portway.command.artifact.Transitions.version;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A send port group: configuration, ordered members and status. Member rules read and lock the members' rows in
 * the {@link ArtifactDirectory} (the group's row first) so that they hold under concurrent commands.
 */
@Aggregate(cache = "artifactCache")
class SendPortGroup {

    @AggregateIdentifier
    private String artifactId;
    private String name;
    private SendPortGroupConfiguration configuration;
    private final List<String> members = new ArrayList<>();
    private ArtifactStatus status;

    private static final LifecycleEvents EVENTS = new LifecycleEvents("send port group", SendPortGroupEnlisted::new,
            SendPortGroupStarted::new, SendPortGroupStopped::new, SendPortGroupUnenlisted::new);

    SendPortGroup() {
    }

    @CommandHandler
    SendPortGroup(CreateSendPortGroup command, ArtifactDirectory directory) {
        if (!directory.claim(command.artifactId(), command.name(), ArtifactKind.SendPortGroup,
                command.configuration().application(), false, false, command.configuration())) {
            throw new CommandRefused(ErrorCode.NAME_TAKEN, "cannot create send port group '" + command.name()
                    + "': the name is taken by a live send port or send port group, and names are unique");
        }
        artifactId = command.artifactId();
        name = command.name();
        command.sendPorts().forEach(port -> joinable(directory, port));
        apply(new SendPortGroupCreated(command.name(), command.configuration(), command.sendPorts()));
    }

    @CommandHandler
    ChangedArtifact handle(ConfigureSendPortGroup command, ArtifactDirectory directory) {
        lockAt(command.expectedVersion(), directory);
        List<String> leaving = command.sendPorts() == null ? List.of()
                : members.stream().filter(port -> !command.sendPorts().contains(port)).toList();
        List<String> joining = command.sendPorts() == null ? List.of()
                : command.sendPorts().stream().filter(port -> !members.contains(port)).toList();
        List<Member> leavingMembers = leaving.stream().map(port -> removable(directory, port)).toList();
        List<Member> joiningMembers = joining.stream().map(port -> joinable(directory, port)).toList();
        boolean changed = !command.configuration().equals(configuration);
        if (changed) {
            apply(new SendPortGroupConfigured(name, command.configuration()));
        }
        for (Member member : leavingMembers) {
            apply(new SendPortRemovedFromGroup(name, member.name()));
        }
        for (Member member : joiningMembers) {
            apply(new SendPortAddedToGroup(name, member.name()));
        }
        return state();
    }

    @CommandHandler
    ChangedArtifact handle(AddSendPortToGroup command, ArtifactDirectory directory) {
        lockAt(command.expectedVersion(), directory);
        Member port = joinable(directory, command.sendPort());
        if (!members.contains(port.name())) {
            apply(new SendPortAddedToGroup(name, port.name()));
        }
        return state();
    }

    @CommandHandler
    ChangedArtifact handle(RemoveSendPortFromGroup command, ArtifactDirectory directory) {
        lockAt(command.expectedVersion(), directory);
        Member port = removable(directory, command.sendPort());
        apply(new SendPortRemovedFromGroup(name, port.name()));
        return state();
    }

    @CommandHandler
    ChangedArtifact handle(ChangeSendPortGroupLifecycle command, ArtifactDirectory directory) {
        return change(command.action(), command.expectedVersion(), directory);
    }

    @CommandHandler
    void handle(DeleteSendPortGroup command, ArtifactDirectory directory) {
        Transitions.checkDeletable(name, status, EVENTS, command.expectedVersion());
        apply(new SendPortGroupDeleted(name));
    }

    private ChangedArtifact change(Lifecycle action, Long expectedVersion, ArtifactDirectory directory) {
        return Transitions.change(name, status, EVENTS, action, expectedVersion, path -> {
            if (path.contains(ArtifactStatus.Started)) {
                directory.lock(artifactId);
                if (!directory.hasEnlistedMember(artifactId)) {
                    throw new CommandRefused(ErrorCode.NO_ENLISTED_MEMBER, "cannot start " + describe()
                            + ": it is " + status + " and none of its members is enlisted, and a group starts"
                            + " only with an enlisted (Stopped or Started) member");
                }
            }
        });
    }

    /** Checks the expected version, then locks the group's row (before its members') until commit. */
    private void lockAt(Long expectedVersion, ArtifactDirectory directory) {
        ExpectedVersion.check(describe(), expectedVersion, version());
        directory.lock(artifactId);
    }

    /** A port that may join: it exists and is a static one-way port. Locks it against change until commit. */
    private Member joinable(ArtifactDirectory directory, String port) {
        Member member = directory.lockPortForMembership(port).orElseThrow(() -> new CommandRefused(
                ErrorCode.NOT_FOUND, "send port '" + port + "' does not exist, so it cannot join " + describe()));
        if (!member.groupable()) {
            throw new CommandRefused(ErrorCode.NOT_GROUPABLE, "send port '" + port + "' cannot join " + describe()
                    + ": it is dynamic or two-way, and only static one-way send ports can join a group");
        }
        return member;
    }

    /** A member that may leave: it is Stopped or Bound. Locks it against change until commit. */
    private Member removable(ArtifactDirectory directory, String port) {
        if (!members.contains(port)) {
            throw new CommandRefused(ErrorCode.NOT_FOUND, "send port '" + port + "' is not a member of "
                    + describe());
        }
        Member member = directory.lockPortForMembership(port).orElseThrow(() -> new CommandRefused(
                ErrorCode.NOT_FOUND, "send port '" + port + "' does not exist"));
        if (!Lifecycle.removableMember(member.status())) {
            throw new CommandRefused(ErrorCode.MEMBER_NOT_STOPPED, "cannot remove send port '" + port + "' from "
                    + describe() + ": the port is Started, and only a Stopped or Bound member can be removed");
        }
        return member;
    }

    private ChangedArtifact state() {
        return new ChangedArtifact(name, status, version());
    }

    private String describe() {
        return EVENTS.describe(name);
    }

    @EventSourcingHandler
    void on(SendPortGroupCreated event, @SourceId String artifactId) {
        this.artifactId = artifactId;
        name = event.name();
        configuration = event.configuration();
        members.clear();
        members.addAll(event.sendPorts());
        status = ArtifactStatus.Bound;
    }

    @EventSourcingHandler
    void on(SendPortGroupConfigured event) {
        configuration = event.configuration();
    }

    @EventSourcingHandler
    void on(SendPortAddedToGroup event) {
        members.add(event.sendPort());
    }

    @EventSourcingHandler
    void on(SendPortRemovedFromGroup event) {
        members.remove(event.sendPort());
    }

    /** Enlisted, started, stopped, unenlisted: the status the {@link Lifecycle} table says the event leaves. */
    @EventSourcingHandler
    void on(SendPortGroupEvent event) {
        Lifecycle.statusAfter(event).ifPresent(next -> status = next);
    }

    @EventSourcingHandler
    void on(SendPortGroupDeleted event) {
        AggregateLifecycle.markDeleted();
    }
}
