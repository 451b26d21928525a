package io.portway.command.bindings;

import io.portway.command.bindings.ImportPlan.Planned;
import io.portway.command.bindings.ImportPlan.Step;
import io.portway.command.bindings.ImportReport.ArtifactOutcome;
import io.portway.command.bindings.ImportReport.Change;
import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.events.ArtifactStatus;
import io.portway.support.AddressRules;
import io.portway.messaging.TransportSecrets;
import io.portway.support.PortwayException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a bindings document: validates it whole ({@link BindingsValidation}), then sends the plan's commands one
 * after the other through the command gateway, exactly as the port and group endpoints would. Each command is its
 * own transaction; validation up front means a later step fails only when someone changed the same artifacts in the
 * meantime, and then the answer says which steps were applied ({@link ImportInterrupted}).
 */
@Component
class BindingsImport {

    private final CommandGateway commands;
    private final Existing existing;
    private final AddressRules addressRules;
    private final TransportSecrets secrets;

    @Autowired
    BindingsImport(CommandGateway commands, ArtifactDirectory directory, AddressRules addressRules,
            TransportSecrets secrets) {
        this(commands, Existing.of(directory), addressRules, secrets);
    }

    BindingsImport(CommandGateway commands, Existing existing, AddressRules addressRules, TransportSecrets secrets) {
        this.commands = commands;
        this.existing = existing;
        this.addressRules = addressRules;
        this.secrets = secrets;
    }

    ImportReport apply(String application, BindingsDocument document) {
        ImportPlan plan = BindingsValidation.plan(application, document, existing, addressRules, secrets);
        Map<String, ArtifactOutcome> outcomes = new LinkedHashMap<>();
        for (Planned artifact : plan.artifacts()) {
            outcomes.put(key(artifact.kind(), artifact.name()), new ArtifactOutcome(artifact.kind(), artifact.name(),
                    Change.UNCHANGED, artifact.before(), artifact.before(), artifact.version()));
        }
        for (Step step : plan.steps()) {
            Object result;
            try {
                result = commands.sendAndWait(step.command());
            } catch (PortwayException refused) {
                throw new ImportInterrupted(step, refused.status(), refused.code(), refused.detail(),
                        report(plan, outcomes));
            } catch (ConcurrencyException concurrent) {
                throw new ImportInterrupted(step, HttpStatus.CONFLICT, "VERSION_CONFLICT", concurrent.getMessage(),
                        report(plan, outcomes));
            }
            String key = key(step.kind(), step.name());
            ArtifactOutcome before = outcomes.get(key);
            outcomes.put(key, switch (step.action()) {
                case CREATE -> new ArtifactOutcome(step.kind(), step.name(), Change.CREATED, null,
                        ArtifactStatus.Bound, 1);
                case CONFIGURE -> {
                    ChangedArtifact state = (ChangedArtifact) result;
                    yield new ArtifactOutcome(step.kind(), step.name(), state.version() > before.version()
                            ? Change.RECONFIGURED : before.change(), before.before(), state.status(), state.version());
                }
                default -> {
                    ChangedArtifact state = (ChangedArtifact) result;
                    yield new ArtifactOutcome(step.kind(), step.name(), before.change(), before.before(),
                            state.status(), state.version());
                }
            });
        }
        return report(plan, outcomes);
    }

    private static ImportReport report(ImportPlan plan, Map<String, ArtifactOutcome> outcomes) {
        return new ImportReport(plan.application(), List.copyOf(outcomes.values()), plan.notInDocument());
    }

    private static String key(Object kind, String name) {
        return kind + "/" + name;
    }

    /** A step refused despite validation (a concurrent change): what was applied until then. */
    static class ImportInterrupted extends PortwayException {

        private final transient Step failed;
        private final transient ImportReport applied;

        ImportInterrupted(Step failed, HttpStatus status, String code, String detail, ImportReport applied) {
            super(status, code, "the import of application '" + applied.application() + "' stopped at "
                    + failed.action().name().toLowerCase() + " of " + failed.kind() + " '" + failed.name()
                    + "': " + detail + ". The artifacts were validated before anything was applied, so this means"
                    + " someone changed them meanwhile; 'applied' lists what was done. Importing the same document"
                    + " again completes it: an import changes only what differs.");
            this.failed = failed;
            this.applied = applied;
        }

        Step failed() {
            return failed;
        }

        ImportReport applied() {
            return applied;
        }
    }
}
