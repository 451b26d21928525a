package io.portway.command.application;

import io.portway.command.application.ApplicationReport.ArtifactChange;
import io.portway.command.application.ApplicationReport.Refusal;
import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Count;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;
import io.portway.support.PortwayException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /api/applications}: the applications (the {@code application} property of ports and groups), and starting
 * or stopping all of an application's artifacts at once (docs/RULES.md §2). Each artifact is moved by its own command,
 * as if its own endpoint had been called; one refusal does not stop the others, it is reported.
 */
@RestController
@RequestMapping("/api/applications")
@Tag(name = "Applications", description = "Applications: their artifacts per status, start and stop all of them,"
        + " export and import their bindings")
class ApplicationCommandController {

    private final CommandGateway commands;
    private final ArtifactDirectory directory;

    ApplicationCommandController(CommandGateway commands, ArtifactDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    @GetMapping
    @Operation(summary = "List the applications",
            description = "Every application that owns a live send port or send port group, with the number of its"
                    + " ports and groups in each status. VIEWER and above.")
    ApplicationSummary.Page list() {
        Map<String, ApplicationSummary> applications = new LinkedHashMap<>();
        for (Count count : directory.countsByApplication()) {
            ApplicationSummary summary = applications.computeIfAbsent(count.application(),
                    name -> new ApplicationSummary(name, zeros(), zeros()));
            (count.kind() == ArtifactKind.SendPort ? summary.sendPorts() : summary.sendPortGroups())
                    .put(count.status(), count.count());
        }
        return new ApplicationSummary.Page(List.copyOf(applications.values()), null);
    }

    @PostMapping("/{application}/start")
    @Operation(summary = "Start an application",
            description = "Enlists and starts every send port of the application, then every send port group"
                    + " (BizTalk's default start options). Artifacts already Started are left as they are. A refusal"
                    + " for one artifact (e.g. NO_ENLISTED_MEMBER for a group none of whose members could be"
                    + " enlisted) is reported in its `error` and does not stop the others. OPERATOR and ADMIN."
                    + " 404 NOT_FOUND when the application has no artifact.")
    ApplicationReport start(@PathVariable String application) {
        return moveAll(application, List.of(ArtifactKind.SendPort, ArtifactKind.SendPortGroup),
                entry -> ArtifactStatus.Started);
    }

    @PostMapping("/{application}/stop")
    @Operation(summary = "Stop an application",
            description = "Stops every Started send port group of the application, then every Started send port;"
                    + " they stay enlisted (Stopped), so messages for them are held until they start again."
                    + " Bound and Stopped artifacts are left as they are. OPERATOR and ADMIN. 404 NOT_FOUND when"
                    + " the application has no artifact.")
    ApplicationReport stop(@PathVariable String application) {
        return moveAll(application, List.of(ArtifactKind.SendPortGroup, ArtifactKind.SendPort),
                entry -> entry.status() == ArtifactStatus.Started ? ArtifactStatus.Stopped : entry.status());
    }

    /** Moves each artifact of the application towards its target, kind by kind in {@code order}. */
    private ApplicationReport moveAll(String application, List<ArtifactKind> order,
            Function<Entry, ArtifactStatus> target) {
        List<Entry> artifacts = artifactsOf(application);
        List<ArtifactChange> changes = new ArrayList<>();
        for (ArtifactKind kind : order) {
            artifacts.stream().filter(entry -> entry.kind() == kind)
                    .forEach(entry -> changes.add(move(entry, target.apply(entry))));
        }
        return new ApplicationReport(application, changes);
    }

    private ArtifactChange move(Entry entry, ArtifactStatus target) {
        Lifecycle action = Lifecycle.towards(entry.status(), target);
        if (action == null) {
            return unchanged(entry);
        }
        try {
            ChangedArtifact state = commands.sendAndWait(
                    ArtifactLifecycle.command(entry.kind(), entry.artifactId(), action));
            return new ArtifactChange(entry.kind(), entry.name(), entry.status(), state.status(), state.version(),
                    null);
        } catch (PortwayException refused) {
            return refused(entry, new Refusal(refused.code(), refused.detail()));
        } catch (ConcurrencyException concurrent) {
            return refused(entry, new Refusal("VERSION_CONFLICT", "another instance changed " + entry.name()
                    + " at the same time: " + concurrent.getMessage()));
        }
    }

    private ArtifactChange refused(Entry entry, Refusal refusal) {
        Entry now = directory.find(entry.name(), entry.kind()).orElse(entry);
        return new ArtifactChange(entry.kind(), entry.name(), entry.status(), now.status(), now.version(), refusal);
    }

    private static ArtifactChange unchanged(Entry entry) {
        return new ArtifactChange(entry.kind(), entry.name(), entry.status(), entry.status(), entry.version(), null);
    }

    private List<Entry> artifactsOf(String application) {
        List<Entry> artifacts = directory.inApplication(application);
        if (artifacts.isEmpty()) {
            throw new CommandRefused(ErrorCode.NOT_FOUND, "application '" + application
                    + "' does not exist: no send port or send port group belongs to it");
        }
        return artifacts;
    }

    private static Map<ArtifactStatus, Long> zeros() {
        Map<ArtifactStatus, Long> counts = new EnumMap<>(ArtifactStatus.class);
        for (ArtifactStatus status : ArtifactStatus.values()) {
            counts.put(status, 0L);
        }
        return counts;
    }
}
