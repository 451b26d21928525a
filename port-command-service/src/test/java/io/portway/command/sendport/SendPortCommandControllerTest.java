package io.portway.command.sendport;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.support.PortwaySupportAutoConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(SendPortCommandController.class)
@Import(io.portway.command.config.TestSecurity.class)
@ImportAutoConfiguration(PortwaySupportAutoConfiguration.class)
@WithMockUser(roles = "ADMIN")
class SendPortCommandControllerTest {

    static final String PORT = """
            {"name": "P1", "primaryTransport": {"type": "FILE", "address": "file:///out/%MessageID%.xml"}}""";
    static final Entry ENTRY = new Entry("id-1", "P1", ArtifactKind.SendPort, ArtifactStatus.Bound, "Default",
            false, false, 1, "{}");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    ArtifactDirectory directory;

    @BeforeEach
    void setUp() {
        when(directory.find("P1", ArtifactKind.SendPort)).thenReturn(Optional.of(ENTRY));
        when(directory.find("missing", ArtifactKind.SendPort)).thenReturn(Optional.empty());
    }

    ResultActions create(String json) throws Exception {
        return mvc.perform(post("/api/send-ports").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void createAnswers201WithLocationVersionAndDefaults() throws Exception {
        create(PORT).andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/send-ports/P1"))
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.status").value("Bound"))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.priority").value(5))
                .andExpect(jsonPath("$.application").value("Default"))
                .andExpect(jsonPath("$.sendPipeline").value("PassThruTransmit"))
                .andExpect(jsonPath("$.primaryTransport.retryCount").value(3))
                .andExpect(jsonPath("$.primaryTransport.retryInterval").value("PT5M"))
                .andExpect(jsonPath("$.filter").isArray())
                .andExpect(jsonPath("$.tracking.messageBodies").value(false))
                .andExpect(jsonPath("$.groups").isEmpty());
        verify(commands).sendAndWait(any(SendPortCommands.CreateSendPort.class));
    }

    @Test
    void malformedJsonIsValidationFailed() throws Exception {
        create("{\"name\": ").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void unknownFieldIsValidationFailedNamingIt() throws Exception {
        create("{\"name\": \"P1\", \"colour\": \"red\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("colour"));
        verify(commands, never()).sendAndWait(any());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "name                 | {\"primaryTransport\": {\"type\": \"FILE\", \"address\": \"file:///o/x.xml\"}}",
            "primaryTransport     | {\"name\": \"P1\"}",
            "primaryTransport.type | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"SMTP\", \"address\": \"file:///o/x\"}}",
            "primaryTransport.address | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"FILE\", \"address\": \"http://x/y\"}}",
            "primaryTransport.address | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"HTTP\", \"address\": \"ftp://x/y\"}}",
            "primaryTransport.address | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://bad topic\"}}",
            "primaryTransport.retryCount | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\", \"retryCount\": 1001}}",
            "primaryTransport.retryCount | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\", \"retryCount\": -1}}",
            "primaryTransport.retryInterval | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\", \"retryInterval\": \"P366D\"}}",
            "primaryTransport.retryInterval | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\", \"retryInterval\": \"soon\"}}",
            "primaryTransport.serviceWindow.from | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\", \"serviceWindow\": {\"from\": \"25:00\", \"to\": \"06:00\"}}}",
            "backupTransport.address | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}, \"backupTransport\": {\"type\": \"FILE\", \"address\": \"nope\"}}",
            "priority             | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}, \"priority\": 0}",
            "priority             | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}, \"priority\": 11}",
            "stopSendingOnFailure | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}, \"stopSendingOnFailure\": true}",
            "sendPipeline         | {\"name\": \"P1\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}, \"sendPipeline\": \"Zip\"}",
            "primaryTransport     | {\"name\": \"P1\", \"dynamic\": true, \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}}",
            "backupTransport      | {\"name\": \"P1\", \"dynamic\": true, \"backupTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}}",
            "routeFailedMessages  | {\"name\": \"P1\", \"dynamic\": true, \"routeFailedMessages\": true}",
            "filter[0][0].value   | {\"name\": \"P1\", \"dynamic\": true, \"filter\": [[{\"property\": \"BTS.MessageType\", \"operator\": \"==\"}]]}",
            "filter[0][0].property | {\"name\": \"P1\", \"dynamic\": true, \"filter\": [[{\"property\": \"\", \"operator\": \"exists\"}]]}",
            "filter[0]            | {\"name\": \"P1\", \"dynamic\": true, \"filter\": [[]]}",
            "filter[0][0].operator | {\"name\": \"P1\", \"dynamic\": true, \"filter\": [[{\"property\": \"A\", \"operator\": \"~\", \"value\": \"x\"}]]}",
            "filter               | {\"name\": \"P1\", \"dynamic\": true, \"filter\": {\"property\": \"A\"}}"
    })
    void everyValidationRuleIsRefusedNamingTheFieldAndNothingIsCommanded(String field, String json)
            throws Exception {
        create(json).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.startsWith(field.strip()))));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void nameLongerThan256IsRefused() throws Exception {
        create("{\"name\": \"" + "n".repeat(257) + "\", \"dynamic\": true}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void aDynamicPortNeedsNoTransportAndAStaticOneAcceptsEveryAddressForm() throws Exception {
        create("{\"name\": \"P1\", \"dynamic\": true, \"twoWay\": true}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.dynamic").value(true))
                .andExpect(jsonPath("$.primaryTransport").doesNotExist());
        create("""
                {"name": "P1", "primaryTransport": {"type": "HTTP", "address": "https://example.com/in",
                 "retryCount": 0, "retryInterval": "PT0S", "serviceWindow": {"from": "22:00", "to": "06:00"}},
                 "backupTransport": {"type": "KAFKA", "address": "kafka://orders.backup"},
                 "orderedDelivery": true, "stopSendingOnFailure": true, "priority": 1,
                 "filter": [[{"property": "BTS.MessageType", "operator": "==", "value": "Order"},
                             {"property": "Orders.Country", "operator": "exists"}]]}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.primaryTransport.serviceWindow.from").value("22:00"))
                .andExpect(jsonPath("$.filter[0][1].operator").value("exists"));
    }

    @Test
    void unknownPortIsNotFound() throws Exception {
        mvc.perform(post("/api/send-ports/missing/start")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value("send port 'missing' does not exist"));
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"NAME_TAKEN", "INVALID_TRANSITION", "LAST_ENLISTED_MEMBER",
            "PORT_IN_GROUP", "NOT_BOUND", "IMMUTABLE_PROPERTY", "VERSION_CONFLICT"})
    void refusalsOfTheRulesAnswerTheirStatusAndCode(ErrorCode code) throws Exception {
        when(commands.sendAndWait(any())).thenThrow(new CommandRefused(code, "send port 'P1' is Bound: rule"));
        mvc.perform(post("/api/send-ports/P1/stop"))
                .andExpect(status().is(code.status().value()))
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.code").value(code.name()))
                .andExpect(jsonPath("$.detail").value("send port 'P1' is Bound: rule"));
    }

    @Test
    void lifecycleAnswersNameStatusAndVersionWithETag() throws Exception {
        when(commands.sendAndWait(any(SendPortCommands.ChangeSendPortLifecycle.class)))
                .thenReturn(new ChangedArtifact("P1", ArtifactStatus.Started, 3));
        mvc.perform(post("/api/send-ports/P1/start").header("If-Match", "\"1\""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"3\""))
                .andExpect(jsonPath("$.name").value("P1"))
                .andExpect(jsonPath("$.status").value("Started"))
                .andExpect(jsonPath("$.version").value(3));
        verify(commands).sendAndWait(new SendPortCommands.ChangeSendPortLifecycle("id-1", io.portway.events.Lifecycle.START, 1L));
    }

    @Test
    void malformedIfMatchIsValidationFailed() throws Exception {
        mvc.perform(post("/api/send-ports/P1/start").header("If-Match", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("If-Match"));
    }

    @Test
    void changingDynamicOrNameIsImmutableProperty() throws Exception {
        mvc.perform(put("/api/send-ports/P1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"dynamic\": true}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("IMMUTABLE_PROPERTY"));
        mvc.perform(put("/api/send-ports/P1").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"name\": \"P2\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("IMMUTABLE_PROPERTY"));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void putAnswersThePortWithItsNewVersion() throws Exception {
        when(commands.sendAndWait(any(SendPortCommands.ConfigureSendPort.class)))
                .thenReturn(new ChangedArtifact("P1", ArtifactStatus.Stopped, 4));
        when(directory.groupNamesOf("id-1")).thenReturn(List.of("G1"));
        mvc.perform(put("/api/send-ports/P1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"description\": \"d\", \"primaryTransport\": {\"type\": \"KAFKA\", \"address\": \"kafka://t\"}}"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(jsonPath("$.name").value("P1"))
                .andExpect(jsonPath("$.description").value("d"))
                .andExpect(jsonPath("$.status").value("Stopped"))
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(jsonPath("$.groups[0]").value("G1"));
    }

    @Test
    void deleteAnswers204() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/send-ports/P1"))
                .andExpect(status().isNoContent());
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void anOperatorMayStartAndStopButNotEnlistOrCreate() throws Exception {
        when(commands.sendAndWait(any())).thenReturn(new ChangedArtifact("P1", ArtifactStatus.Started, 3));
        mvc.perform(post("/api/send-ports/P1/start")).andExpect(status().isOk());
        mvc.perform(post("/api/send-ports/P1/stop")).andExpect(status().isOk());
        mvc.perform(post("/api/send-ports/P1/enlist")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        create(PORT).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerMayNotChangeAnything() throws Exception {
        mvc.perform(post("/api/send-ports/P1/start")).andExpect(status().isForbidden());
    }
}
