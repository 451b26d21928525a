package io.portway.command.bindings;

import io.portway.command.bindings.Bindings.GroupBinding;
import io.portway.command.bindings.BindingsImport.ImportInterrupted;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.messaging.SendPortView;
import io.portway.events.ArtifactKind;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.support.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** {@code /api/applications/{application}/bindings}: export and import an application's whole configuration. */
@RestController
@RequestMapping("/api/applications/{application}/bindings")
@Tag(name = "Applications")
class BindingsController {

    private final ArtifactDirectory directory;
    private final BindingsImport bindingsImport;

    BindingsController(ArtifactDirectory directory, BindingsImport bindingsImport) {
        this.directory = directory;
        this.bindingsImport = bindingsImport;
    }

    @GetMapping
    @Operation(summary = "Export the bindings of an application",
            description = "Every send port (as GET /api/send-ports/{name} answers it) and every send port group"
                    + " (members as names, in membership order) of the application, with their statuses: a document"
                    + " that PUT accepts as it is. VIEWER and above. 404 NOT_FOUND when the application has no"
                    + " artifact.")
    Bindings export(@PathVariable String application) {
        List<Entry> artifacts = directory.inApplication(application);
        if (artifacts.isEmpty()) {
            throw new CommandRefused(ErrorCode.NOT_FOUND, "application '" + application
                    + "' does not exist: no send port or send port group belongs to it");
        }
        List<SendPortView> ports = artifacts.stream().filter(entry -> entry.kind() == ArtifactKind.SendPort)
                .map(entry -> SendPortView.of(entry.name(), entry.dynamic(), entry.twoWay(),
                        directory.configuration(entry, SendPortConfiguration.class), entry.status(),
                        entry.version(), directory.groupNamesOf(entry.artifactId())))
                .toList();
        List<GroupBinding> groups = artifacts.stream().filter(entry -> entry.kind() == ArtifactKind.SendPortGroup)
                .map(entry -> {
                    SendPortGroupConfiguration c = directory.configuration(entry, SendPortGroupConfiguration.class);
                    return new GroupBinding(entry.name(), c.description(), c.application(), c.filter(),
                            directory.membersOf(entry.artifactId()).stream().map(Member::name).toList(),
                            entry.status(), entry.version());
                })
                .toList();
        return new Bindings(application, ports, groups);
    }

    @PutMapping
    @Operation(summary = "Import bindings into an application",
            description = """
                    Takes a document as GET exports it, optionally with `overrides` \
                    (`{"<artifact name>": {"<field path>": <value>}}`, e.g. `primaryTransport.address`), which are \
                    applied first. Then the WHOLE document is validated before anything is applied: every port and \
                    group with the rules of its create endpoint, names (a name of another application, or of an \
                    artifact of the other kind → NAME_TAKEN), members (each must be in the document or a send port \
                    of the application; only static one-way ports → NOT_GROUPABLE), dynamic/twoWay of existing ports \
                    (IMMUTABLE_PROPERTY), override targets and paths, and the lifecycle rules the status changes \
                    would meet (MEMBER_NOT_STOPPED, LAST_ENLISTED_MEMBER, NO_ENLISTED_MEMBER). If anything is wrong \
                    the answer is 400 VALIDATION_FAILED (409 with the first conflict's code when every problem is a \
                    conflict) listing every problem in `errors` ({field: "sendPorts[2].primaryTransport.address", \
                    message}), and nothing is changed.

                    Otherwise ports are created or reconfigured, then groups (with their members, in document \
                    order), and each artifact is brought to the document's `status` (absent: Bound when new, \
                    unchanged when it exists) with the ordinary lifecycle commands: ports are enlisted/started \
                    before groups, groups are stopped/unenlisted before ports. Each command is recorded as the \
                    port and group endpoints record it (events with principal and correlation id). The answer (200) \
                    lists per artifact `change` (created, reconfigured, unchanged), `before`/`after` status and \
                    `version`. Importing the same document again changes nothing.

                    Artifacts of the application that the document does not mention are left untouched (BizTalk's \
                    import does not delete either) and listed in `notInDocument`; delete them with DELETE.

                    Each command is its own transaction. Because everything is validated up front, a step can only \
                    fail if someone changes the same artifacts during the import; then the answer is that step's \
                    problem (e.g. 409 INVALID_TRANSITION) with `applied` (what was done until then) and \
                    `failedStep`. Importing the same document again completes the import. ADMIN only.""")
    ImportReport importBindings(@PathVariable String application, @RequestBody BindingsDocument document) {
        return bindingsImport.apply(application, document);
    }

    @ExceptionHandler(ImportInterrupted.class)
    ProblemDetail interrupted(ImportInterrupted interrupted) {
        ProblemDetail problem = Problems.of(interrupted);
        problem.setProperty("failedStep", Map.of("kind", interrupted.failed().kind(), "name",
                interrupted.failed().name(), "action", interrupted.failed().action()));
        problem.setProperty("applied", interrupted.applied().artifacts());
        return problem;
    }
}
