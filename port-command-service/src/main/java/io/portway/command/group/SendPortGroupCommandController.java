package io.portway.command.group;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.artifact.IfMatch;
import io.portway.command.artifact.LifecycleEndpoints;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.group.SendPortGroupCommands.AddSendPortToGroup;
import io.portway.command.group.SendPortGroupCommands.ConfigureSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.ChangeSendPortGroupLifecycle;
import io.portway.command.group.SendPortGroupCommands.CreateSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.DeleteSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.RemoveSendPortFromGroup;
import io.portway.events.Lifecycle;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.support.Uuids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;
import java.util.UUID;

/** {@code /api/send-port-groups}: create, reconfigure, delete, change members and move groups through their lifecycle. */
@RestController
@RequestMapping("/api/send-port-groups")
class SendPortGroupCommandController extends LifecycleEndpoints {

    private final CommandGateway commands;
    private final ArtifactDirectory directory;

    SendPortGroupCommandController(CommandGateway commands, ArtifactDirectory directory) {
        super(directory, ArtifactKind.SendPortGroup, "send port group");
        this.commands = commands;
        this.directory = directory;
    }

    @PostMapping
    ResponseEntity<SendPortGroupView> create(@RequestBody SendPortGroupRequest request) {
        SendPortGroupConfiguration configuration = request.configuration(true);
        String artifactId = Uuids.random().toString();
        commands.sendAndWait(new CreateSendPortGroup(artifactId, request.name(), configuration,
                request.sendPorts() == null ? List.of() : request.sendPorts()));
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/send-port-groups/{name}")
                        .buildAndExpand(request.name()).encode().toUri())
                .eTag("1")
                .body(SendPortGroupView.of(request.name(), configuration, directory.membersOf(artifactId),
                        ArtifactStatus.Bound, 1));
    }

    @GetMapping("/{name}")
    ResponseEntity<SendPortGroupView> get(@PathVariable String name) {
        Entry entry = find(name);
        return ResponseEntity.ok().eTag(Long.toString(entry.version()))
                .body(SendPortGroupView.of(entry.name(), directory.configuration(entry,
                                SendPortGroupConfiguration.class), directory.membersOf(entry.artifactId()),
                        entry.status(), entry.version()));
    }

    @PutMapping("/{name}")
    ResponseEntity<SendPortGroupView> configure(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
            @RequestBody SendPortGroupRequest request) {
        Entry entry = find(name);
        if (request.name() != null && !request.name().equals(name)) {
            throw new CommandRefused(ErrorCode.IMMUTABLE_PROPERTY, "cannot change 'name' of send port group '"
                    + name + "': a name is fixed at creation");
        }
        SendPortGroupConfiguration configuration = request.configuration(false);
        ChangedArtifact state = commands.sendAndWait(new ConfigureSendPortGroup(entry.artifactId(),
                IfMatch.parse(ifMatch), configuration, request.sendPorts()));
        return group(entry, configuration, state);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        commands.sendAndWait(new DeleteSendPortGroup(find(name).artifactId(), IfMatch.parse(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{name}/send-ports/{port}")
    ResponseEntity<SendPortGroupView> addMember(@PathVariable String name, @PathVariable String port,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Entry entry = find(name);
        ChangedArtifact state = commands.sendAndWait(new AddSendPortToGroup(entry.artifactId(),
                IfMatch.parse(ifMatch), port));
        return group(entry, directory.configuration(entry, SendPortGroupConfiguration.class), state);
    }

    @DeleteMapping("/{name}/send-ports/{port}")
    ResponseEntity<Void> removeMember(@PathVariable String name, @PathVariable String port,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        ChangedArtifact state = commands.sendAndWait(new RemoveSendPortFromGroup(find(name).artifactId(),
                IfMatch.parse(ifMatch), port));
        return ResponseEntity.noContent().eTag(Long.toString(state.version())).build();
    }

    private ResponseEntity<SendPortGroupView> group(Entry entry, SendPortGroupConfiguration configuration,
            ChangedArtifact state) {
        return ResponseEntity.ok().eTag(Long.toString(state.version()))
                .body(SendPortGroupView.of(entry.name(), configuration, directory.membersOf(entry.artifactId()),
                        state.status(), state.version()));
    }

    @Override
    protected ChangedArtifact change(Entry artifact, Lifecycle action, Long expectedVersion) {
        return commands.sendAndWait(new ChangeSendPortGroupLifecycle(artifact.artifactId(), action,
                expectedVersion));
    }
}
