package io.portway.command.bindings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.command.bindings.ImportPlan.Action;
import io.portway.command.bindings.ImportPlan.Step;
import io.portway.command.bindings.ImportReport.ArtifactOutcome;
import io.portway.command.bindings.ImportReport.Change;
import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.group.SendPortGroupCommands.ConfigureSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.CreateSendPortGroup;
import io.portway.command.sendport.SendPortCommands.ConfigureSendPort;
import io.portway.command.sendport.SendPortCommands.CreateSendPort;
import io.portway.events.ArtifactKind;
import io.portway.events.TransportType;
import io.portway.messaging.PortwayJackson;
import io.portway.support.AddressRules;
import io.portway.messaging.TransportSecrets;
import io.portway.support.FieldError;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.portway.events.ArtifactStatus.Bound;
import static io.portway.events.ArtifactStatus.Started;
import static io.portway.events.ArtifactStatus.Stopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Whole-document validation of bindings: every refusal lists every problem and sends no command at all. */
class BindingsImportTest {

    static final ObjectMapper JSON = PortwayJackson.newObjectMapper();

    final CommandGateway gateway = mock(CommandGateway.class);
    final FakeExisting existing = new FakeExisting();
    /** FILE anywhere below /, every public host: these tests are about the document, not the confinement. */
    static final AddressRules RULES = new AddressRules(List.of("/"), List.of(), List.of());
    final BindingsImport importer = new BindingsImport(gateway, existing, RULES, TransportSecrets.withoutKey());

    @Test
    void anUnknownPortTypeIsRefusedNamingTheField_andNothingIsSent() {
        CommandRefused refused = refuse("Orders", """
                {"sendPorts": [%s, {"name": "b", "primaryTransport": {"type": "FTP", "address": "ftp://x/y"}}]}
                """.formatted(port("a")));

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("sendPorts[1].primaryTransport.type");
        assertThat(refused.errors().get(0).message()).contains("'FTP'").contains("FILE").contains("HTTP");
        verifyNoInteractions(gateway);
    }

    @Test
    void aBadAddressIsRefusedNamingTheField_andSaysWhenAnOverrideSetIt() {
        CommandRefused refused = refuse("Orders", """
                {"sendPorts": [{"name": "a", "primaryTransport": {"type": "HTTP", "address": "file:///x.xml"}}, %s],
                 "overrides": {"b": {"primaryTransport.address": "not a uri at all"}}}
                """.formatted(port("b")));

        assertThat(refused.errors()).extracting(FieldError::field)
                .containsExactly("sendPorts[0].primaryTransport.address", "sendPorts[1].primaryTransport.address");
        assertThat(refused.errors().get(0).message()).contains("http(s)://");
        assertThat(refused.errors().get(1).message()).contains("overrides.b");
        verifyNoInteractions(gateway);
    }

    @Test
    void aNameOfAnotherApplicationOrOfTheOtherKindIsNameTaken409() {
        existing.port("theirs", "Billing", Started).group("shared", "Orders", Bound);

        CommandRefused refused = refuse("Orders", """
                {"sendPorts": [%s, %s]}""".formatted(port("theirs"), port("shared")));

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.NAME_TAKEN);
        assertThat(refused.status().value()).isEqualTo(409);
        assertThat(refused.errors()).extracting(FieldError::field)
                .containsExactly("sendPorts[0].name", "sendPorts[1].name");
        assertThat(refused.errors().get(0).message()).startsWith("NAME_TAKEN").contains("application 'Billing'");
        assertThat(refused.errors().get(1).message()).contains("send port group");
        verifyNoInteractions(gateway);
    }

    @Test
    void changingDynamicOfAnExistingPortIsImmutableProperty409() {
        existing.port("a", "Orders", Bound);

        CommandRefused refused = refuse("Orders", """
                {"sendPorts": [{"name": "a", "dynamic": true}]}""");

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.IMMUTABLE_PROPERTY);
        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("sendPorts[0].dynamic");
        verifyNoInteractions(gateway);
    }

    @Test
    void aMemberThatIsNeitherInTheDocumentNorAPortOfTheApplicationIsRefused() {
        existing.port("billing-port", "Billing", Stopped).port("own", "Orders", Stopped);

        CommandRefused refused = refuse("Orders", """
                {"sendPorts": [%s],
                 "sendPortGroups": [{"name": "g", "sendPorts": ["a", "own", "billing-port", "ghost"]}]}
                """.formatted(port("a")));

        assertThat(refused.errors()).extracting(FieldError::field)
                .containsExactly("sendPortGroups[0].sendPorts[2]", "sendPortGroups[0].sendPorts[3]");
        assertThat(refused.errors().get(1).message()).contains("'ghost'").contains("application 'Orders'");
        verifyNoInteractions(gateway);
    }

    @Test
    void anUnknownOverridePathOrAnOverrideOfAnArtifactOutsideTheDocumentIsRefused() {
        CommandRefused refused = refuse("Orders", """
                {"sendPorts": [%s],
                 "overrides": {"a": {"primaryTransport.adress": "file:///y/%%MessageID%%.xml"}, "z": {"status": "Started"}}}
                """.formatted(port("a")));

        assertThat(refused.errors()).extracting(FieldError::field)
                .containsExactly("overrides.a.primaryTransport.adress", "overrides.z");
        verifyNoInteractions(gateway);
    }

    @Test
    void everyProblemIsListedAtOnce_andAMixOfConflictsAndInvalidFieldsIs400() {
        existing.port("theirs", "Billing", Bound);

        CommandRefused refused = refuse("Orders", """
                {"application": "Orders",
                 "sendPorts": [%s, {"name": "bad", "priority": 42, "primaryTransport": {"type": "KAFKA", "address": "kafka://"}},
                               %s, {"name": "elsewhere", "application": "Billing", "primaryTransport": {"type": "FILE", "address": "file:///o/x.xml"}}],
                 "sendPortGroups": [{"name": "a", "status": "Running"}]}
                """.formatted(port("theirs"), port("a")));

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refused.status().value()).isEqualTo(400);
        assertThat(refused.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "sendPorts[0].name", "sendPorts[1].primaryTransport.address", "sendPorts[1].priority",
                "sendPorts[3].application", "sendPortGroups[0].status", "sendPortGroups[0].name");
        assertThat(refused.detail()).contains("nothing was changed").contains("6 problem(s)");
        verifyNoInteractions(gateway);
    }

    @Test
    void aDocumentOfAnotherApplicationIsRefused() {
        CommandRefused refused = refuse("Orders", "{\"application\": \"Billing\", \"sendPorts\": []}");

        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("application");
        verifyNoInteractions(gateway);
    }

    @Test
    void statusesTheLifecycleRulesWouldRefuseAreRefusedUpFront() {
        existing.port("keeps", "Orders", Started).port("last", "Orders", Stopped)
                .group("other", "Billing", Started, "last").group("g", "Orders", Bound, "keeps");

        CommandRefused refused = refuse("Orders", """
                {"sendPorts": [%s, %s, %s],
                 "sendPortGroups": [{"name": "g", "sendPorts": [], "status": "Bound"},
                                    {"name": "empty", "sendPorts": ["new"], "status": "Started"}]}
                """.formatted(port("keeps", "Started"), port("last", "Bound"), port("new", "Bound")));

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.MEMBER_NOT_STOPPED);
        assertThat(refused.errors()).extracting(FieldError::field).containsExactly(
                "sendPortGroups[0].sendPorts", "sendPorts[1].status", "sendPortGroups[1].status");
        assertThat(refused.errors()).extracting(FieldError::message).satisfiesExactly(
                m -> assertThat(m).startsWith("MEMBER_NOT_STOPPED").contains("'keeps'"),
                m -> assertThat(m).startsWith("LAST_ENLISTED_MEMBER").contains("'other'"),
                m -> assertThat(m).startsWith("NO_ENLISTED_MEMBER").contains("'empty'"));
        verifyNoInteractions(gateway);
    }

    @Test
    void aNewApplicationIsCreatedPortsFirst_thenStartedPortsBeforeGroups() {
        ImportPlan plan = BindingsValidation.plan("Orders", document("""
                {"sendPorts": [%s, %s],
                 "sendPortGroups": [{"name": "g", "sendPorts": [{"name": "a", "status": "Started"}, "b"], "status": "Started"}],
                 "overrides": {"b": {"primaryTransport.address": "https://prod.example.com/b", "primaryTransport.type": "HTTP"}}}
                """.formatted(port("a", "Started"), port("b", "Stopped"))), existing, RULES);

        assertThat(plan.steps()).extracting(step -> step.action() + " " + step.name()).containsExactly(
                "CREATE a", "CREATE b", "CREATE g", "START a", "ENLIST b", "START g");
        CreateSendPort b = (CreateSendPort) plan.steps().get(1).command();
        assertThat(b.configuration().primaryTransport().type()).isEqualTo(TransportType.HTTP);
        assertThat(b.configuration().primaryTransport().address()).isEqualTo("https://prod.example.com/b");
        assertThat(b.configuration().application()).isEqualTo("Orders");
        assertThat(((CreateSendPortGroup) plan.steps().get(2).command()).sendPorts()).containsExactly("a", "b");
    }

    @Test
    void bringingAStartedApplicationDownStopsGroupsBeforePorts_andMembersLeaveOnlyOnceStopped() {
        existing.port("a", "Orders", Started).port("b", "Orders", Started).port("loose", "Orders", Bound)
                .group("g", "Orders", Started, "a", "b");

        ImportPlan plan = BindingsValidation.plan("Orders", document("""
                {"sendPorts": [%s, %s],
                 "sendPortGroups": [{"name": "g", "sendPorts": ["a"], "status": "Bound"}]}
                """.formatted(port("a", "Bound"), port("b", "Stopped"))), existing, RULES);

        assertThat(plan.steps()).extracting(step -> step.action() + " " + step.name()).containsExactly(
                "CONFIGURE a", "CONFIGURE b", "UNENLIST g", "STOP a", "STOP b", "CONFIGURE g", "UNENLIST a");
        assertThat(((ConfigureSendPort) plan.steps().get(0).command()).artifactId()).isEqualTo("id-a");
        assertThat(((ConfigureSendPortGroup) plan.steps().get(5).command()).sendPorts()).containsExactly("a");
        assertThat(plan.notInDocument()).extracting(left -> left.name() + " " + left.status())
                .containsExactly("loose Bound");
    }

    @Test
    void theReportSaysPerArtifactWhatChanged() {
        existing.port("a", "Orders", Stopped);
        when(gateway.sendAndWait(any())).thenAnswer(call -> {
            Object command = call.getArgument(0);
            if (command instanceof CreateSendPort) {
                return "id";
            }
            if (command instanceof ConfigureSendPort) {
                return new ChangedArtifact("a", Stopped, 3);
            }
            return new ChangedArtifact("a", Started, 4);
        });

        ImportReport report = importer.apply("Orders", document("""
                {"sendPorts": [%s, %s]}""".formatted(port("a", "Started"), port("b", null))));

        assertThat(report.artifacts()).containsExactly(
                new ArtifactOutcome(ArtifactKind.SendPort, "a", Change.UNCHANGED, Stopped, Started, 4),
                new ArtifactOutcome(ArtifactKind.SendPort, "b", Change.CREATED, null, Bound, 1));
    }

    @Test
    void aStepRefusedDespiteValidationReportsWhatWasApplied() {
        when(gateway.sendAndWait(any())).thenAnswer(call -> {
            if (call.getArgument(0) instanceof CreateSendPort create && create.name().equals("b")) {
                throw new CommandRefused(ErrorCode.NAME_TAKEN, "taken meanwhile");
            }
            return "id";
        });

        BindingsImport.ImportInterrupted interrupted = catchThrowableOfType(BindingsImport.ImportInterrupted.class,
                () -> importer.apply("Orders", document("{\"sendPorts\": [%s, %s]}"
                        .formatted(port("a"), port("b")))));

        assertThat(interrupted.code()).isEqualTo("NAME_TAKEN");
        assertThat(interrupted.failed()).extracting(Step::name, Step::action).containsExactly("b", Action.CREATE);
        assertThat(interrupted.applied().artifacts()).extracting(ArtifactOutcome::name, ArtifactOutcome::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Change.CREATED),
                        org.assertj.core.groups.Tuple.tuple("b", Change.UNCHANGED));
        assertThat(interrupted.detail()).contains("again");
    }

    private CommandRefused refuse(String application, String json) {
        return catchThrowableOfType(CommandRefused.class, () -> importer.apply(application, document(json)));
    }

    static BindingsDocument document(String json) {
        try {
            return JSON.readValue(json, BindingsDocument.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String port(String name) {
        return port(name, null);
    }

    static String port(String name, String status) {
        return """
                {"name": "%s", "primaryTransport": {"type": "FILE", "address": "file:///out/%%MessageID%%.xml"}%s}"""
                .formatted(name, status == null ? "" : ", \"status\": \"" + status + "\"");
    }
}
