package io.portway.command.sendport;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.artifact.IfMatch;
import io.portway.command.artifact.LifecycleEndpoints;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.sendport.SendPortCommands.ConfigureSendPort;
import io.portway.command.sendport.SendPortCommands.ChangeSendPortLifecycle;
import io.portway.command.sendport.SendPortCommands.CreateSendPort;
import io.portway.command.sendport.SendPortCommands.DeleteSendPort;
import io.portway.events.Lifecycle;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;
import io.portway.messaging.SendPortView;
import io.portway.support.AddressRules;
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

/** {@code /api/send-ports}: create, reconfigure, delete and move send ports through their lifecycle. */
@RestController
@RequestMapping("/api/send-ports")
class SendPortCommandController extends LifecycleEndpoints {

    private final CommandGateway commands;
    private final ArtifactDirectory directory;
    private final AddressRules addressRules;

    SendPortCommandController(CommandGateway commands, ArtifactDirectory directory, AddressRules addressRules) {
        super(directory, ArtifactKind.SendPort, "send port");
        this.commands = commands;
        this.directory = directory;
        this.addressRules = addressRules;
    }

    @PostMapping
    ResponseEntity<SendPortView> create(@RequestBody SendPortRequest request) {
        SendPortDefinition port = SendPortDefinition.of(request, addressRules);
        commands.sendAndWait(new CreateSendPort(Uuids.random().toString(), port.name(), port.dynamic(),
                port.twoWay(), port.configuration()));
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/send-ports/{name}")
                        .buildAndExpand(port.name()).encode().toUri())
                .eTag("1")
                .body(SendPortView.of(port.name(), port.dynamic(), port.twoWay(), port.configuration(),
                        ArtifactStatus.Bound, 1, List.of()));
    }

    @GetMapping("/{name}")
    ResponseEntity<SendPortView> get(@PathVariable String name) {
        Entry entry = find(name);
        return ResponseEntity.ok().eTag(Long.toString(entry.version()))
                .body(SendPortView.of(entry.name(), entry.dynamic(), entry.twoWay(),
                        directory.configuration(entry, SendPortConfiguration.class), entry.status(),
                        entry.version(), directory.groupNamesOf(entry.artifactId())));
    }

    @PutMapping("/{name}")
    ResponseEntity<SendPortView> configure(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
            @RequestBody SendPortRequest request) {
        Entry entry = find(name);
        refuseChangeOfFixed(entry, request);
        SendPortDefinition port = SendPortDefinition.of(request, name, entry.dynamic(), entry.twoWay(),
                addressRules);
        ChangedArtifact state = commands.sendAndWait(new ConfigureSendPort(entry.artifactId(), IfMatch.parse(ifMatch),
                port.dynamic(), port.twoWay(), port.configuration()));
        return ResponseEntity.ok().eTag(Long.toString(state.version()))
                .body(SendPortView.of(name, port.dynamic(), port.twoWay(), port.configuration(), state.status(),
                        state.version(), directory.groupNamesOf(entry.artifactId())));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        commands.sendAndWait(new DeleteSendPort(find(name).artifactId(), IfMatch.parse(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    @Override
    protected ChangedArtifact change(Entry artifact, Lifecycle action, Long expectedVersion) {
        return commands.sendAndWait(new ChangeSendPortLifecycle(artifact.artifactId(), action, expectedVersion));
    }

    private static void refuseChangeOfFixed(Entry entry, SendPortRequest request) {
        String property = request.name() != null && !request.name().equals(entry.name()) ? "name"
                : request.dynamic() != null && request.dynamic() != entry.dynamic() ? "dynamic"
                : request.twoWay() != null && request.twoWay() != entry.twoWay() ? "twoWay" : null;
        if (property != null) {
            throw new CommandRefused(ErrorCode.IMMUTABLE_PROPERTY, "cannot change '" + property + "' of send port '"
                    + entry.name() + "': name, dynamic and twoWay are fixed at creation");
        }
    }
}
