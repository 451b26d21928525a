package io.portway.command.group;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.support.PortwaySupportAutoConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(SendPortGroupCommandController.class)
@Import(io.portway.command.config.TestSecurity.class)
@ImportAutoConfiguration(PortwaySupportAutoConfiguration.class)
@WithMockUser(roles = "ADMIN")
class SendPortGroupCommandControllerTest {

    static final Entry ENTRY = new Entry("g-1", "G1", ArtifactKind.SendPortGroup, ArtifactStatus.Bound, "Default",
            false, false, 2, "{\"description\":\"\",\"application\":\"Default\",\"filter\":[]}");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    ArtifactDirectory directory;

    @BeforeEach
    void setUp() {
        when(directory.find("G1", ArtifactKind.SendPortGroup)).thenReturn(Optional.of(ENTRY));
        when(directory.configuration(ENTRY, io.portway.events.SendPortGroupConfiguration.class)).thenReturn(
                new io.portway.events.SendPortGroupConfiguration("", "Default", io.portway.events.Filter.EMPTY));
        when(directory.membersOf(any())).thenReturn(List.of(new Member("p-1", "P1", ArtifactStatus.Stopped, true)));
    }

    @Test
    void createAnswers201WithMembersAndTheirStatuses() throws Exception {
        mvc.perform(post("/api/send-port-groups").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"G1\", \"sendPorts\": [\"P1\"]}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/send-port-groups/G1"))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.status").value("Bound"))
                .andExpect(jsonPath("$.sendPorts[0].name").value("P1"))
                .andExpect(jsonPath("$.sendPorts[0].status").value("Stopped"));
    }

    @Test
    void aMemberListedTwiceOrAMissingNameIsValidationFailed() throws Exception {
        mvc.perform(post("/api/send-port-groups").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"G1\", \"sendPorts\": [\"P1\", \"P1\"]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("sendPorts[1]"));
        mvc.perform(post("/api/send-port-groups").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("name"));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void addingAMemberAnswers200WithTheGroup() throws Exception {
        when(commands.sendAndWait(any())).thenReturn(new ChangedArtifact("G1", ArtifactStatus.Bound, 3));
        mvc.perform(put("/api/send-port-groups/G1/send-ports/P1"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"3\""))
                .andExpect(jsonPath("$.sendPorts[0].name").value("P1"));
    }

    @Test
    void removingAMemberAnswers204() throws Exception {
        when(commands.sendAndWait(any())).thenReturn(new ChangedArtifact("G1", ArtifactStatus.Bound, 3));
        mvc.perform(delete("/api/send-port-groups/G1/send-ports/P1")).andExpect(status().isNoContent());
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"NO_ENLISTED_MEMBER", "MEMBER_NOT_STOPPED", "NOT_GROUPABLE",
            "NOT_BOUND", "INVALID_TRANSITION", "NOT_FOUND", "VERSION_CONFLICT"})
    void groupRefusalsAnswerTheirStatusAndCode(ErrorCode code) throws Exception {
        when(commands.sendAndWait(any())).thenThrow(new CommandRefused(code, "send port group 'G1': rule"));
        mvc.perform(post("/api/send-port-groups/G1/start"))
                .andExpect(status().is(code.status().value()))
                .andExpect(jsonPath("$.code").value(code.name()));
    }

    @Test
    void unknownGroupIsNotFound() throws Exception {
        when(directory.find("nope", ArtifactKind.SendPortGroup)).thenReturn(Optional.empty());
        mvc.perform(post("/api/send-port-groups/nope/enlist")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void anOperatorMayStartAGroupButNotChangeItsMembers() throws Exception {
        when(commands.sendAndWait(any())).thenReturn(new ChangedArtifact("G1", ArtifactStatus.Started, 4));
        mvc.perform(post("/api/send-port-groups/G1/start")).andExpect(status().isOk());
        mvc.perform(put("/api/send-port-groups/G1/send-ports/P1")).andExpect(status().isForbidden());
    }

    @Test
    void anonymousCallersAreUnauthorized() throws Exception {
        mvc.perform(post("/api/send-port-groups/G1/start").with(request -> {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
            return request;
        }).with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .anonymous())).andExpect(status().isUnauthorized());
    }
}
