package io.portway.command.group;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.command.group.SendPortGroupCommands.ChangeSendPortGroupLifecycle;
import io.portway.command.group.SendPortGroupCommands.AddSendPortToGroup;
import io.portway.command.group.SendPortGroupCommands.ConfigureSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.CreateSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.DeleteSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.RemoveSendPortFromGroup;
import io.portway.events.Lifecycle;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortGroupStopped;
import io.portway.events.SendPortGroupUnenlisted;
import io.portway.events.SendPortRemovedFromGroup;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class SendPortGroupTest {

    static final String ID = "group-1";
    static final String NAME = "Orders";
    static final SendPortGroupConfiguration CONFIG = new SendPortGroupConfiguration("", "Default", Filter.EMPTY);
    static final SendPortGroupCreated CREATED = new SendPortGroupCreated(NAME, CONFIG, List.of("A"));
    static final Member A_STOPPED = new Member("port-a", "A", ArtifactStatus.Stopped, true);

    FixtureConfiguration<SendPortGroup> fixture;
    ArtifactDirectory directory;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SendPortGroup.class);
        directory = mock(ArtifactDirectory.class);
        when(directory.claim(anyString(), anyString(), any(), anyString(), anyBoolean(), anyBoolean(), any()))
                .thenReturn(true);
        when(directory.hasEnlistedMember(ID)).thenReturn(true);
        when(directory.lockPortForMembership("A")).thenReturn(Optional.of(A_STOPPED));
        fixture.registerInjectableResource(directory);
    }

    @Test
    void givenAFreeNameAndGroupableMembers_whenCreate_thenCreatedWithMembersInOrder() {
        when(directory.lockPortForMembership("B")).thenReturn(Optional.of(
                new Member("port-b", "B", ArtifactStatus.Bound, true)));
        fixture.givenNoPriorActivity()
                .when(new CreateSendPortGroup(ID, NAME, CONFIG, List.of("B", "A")))
                .expectEvents(new SendPortGroupCreated(NAME, CONFIG, List.of("B", "A")));
    }

    @Test
    void givenATakenName_whenCreate_thenNameTaken() {
        when(directory.claim(anyString(), anyString(), any(), anyString(), anyBoolean(), anyBoolean(), any()))
                .thenReturn(false);
        fixture.givenNoPriorActivity()
                .when(new CreateSendPortGroup(ID, NAME, CONFIG, List.of()))
                .expectNoEvents().expectException(refusal(ErrorCode.NAME_TAKEN));
    }

    @Test
    void givenADynamicPort_whenCreateWithIt_thenNotGroupable() {
        when(directory.lockPortForMembership("D")).thenReturn(Optional.of(
                new Member("port-d", "D", ArtifactStatus.Bound, false)));
        fixture.givenNoPriorActivity()
                .when(new CreateSendPortGroup(ID, NAME, CONFIG, List.of("D")))
                .expectNoEvents().expectException(refusal(ErrorCode.NOT_GROUPABLE));
    }

    static Stream<Arguments> lifecycle() {
        var enlisted = new SendPortGroupEnlisted(NAME);
        var started = new SendPortGroupStarted(NAME);
        var stopped = new SendPortGroupStopped(NAME);
        var unenlisted = new SendPortGroupUnenlisted(NAME);
        List<Object> bound = List.of(CREATED);
        List<Object> stoppedState = List.of(CREATED, enlisted);
        List<Object> startedState = List.of(CREATED, enlisted, started);
        return Stream.of(
                Arguments.of("enlist", bound, List.of(enlisted), ArtifactStatus.Stopped),
                Arguments.of("enlist", stoppedState, List.of(), null),
                Arguments.of("enlist", startedState, List.of(), null),
                Arguments.of("start", bound, List.of(enlisted, started), ArtifactStatus.Started),
                Arguments.of("start", stoppedState, List.of(started), ArtifactStatus.Started),
                Arguments.of("start", startedState, List.of(), null),
                Arguments.of("stop", bound, List.of(), null),
                Arguments.of("stop", stoppedState, List.of(), null),
                Arguments.of("stop", startedState, List.of(stopped), ArtifactStatus.Stopped),
                Arguments.of("unenlist", bound, List.of(), null),
                Arguments.of("unenlist", stoppedState, List.of(unenlisted), ArtifactStatus.Bound),
                Arguments.of("unenlist", startedState, List.of(stopped, unenlisted), ArtifactStatus.Bound));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("lifecycle")
    void everyCellOfTheLifecycleTable(String action, List<Object> given, List<Object> expected,
            ArtifactStatus after) {
        var result = fixture.given(given).when(command(action));
        if (after == null) {
            result.expectNoEvents().expectException(refusal(ErrorCode.INVALID_TRANSITION));
        } else {
            long version = given.size() + expected.size();
            result.expectEvents(expected.toArray())
                    .expectResultMessagePayload(new ChangedArtifact(NAME, after, version));
        }
    }

    @Test
    void givenNoEnlistedMember_whenStart_thenNoEnlistedMember() {
        when(directory.hasEnlistedMember(ID)).thenReturn(false);
        fixture.given(CREATED, new SendPortGroupEnlisted(NAME))
                .when(new ChangeSendPortGroupLifecycle(ID, Lifecycle.START, null))
                .expectNoEvents().expectException(refusal(ErrorCode.NO_ENLISTED_MEMBER));
    }

    @Test
    void givenNoEnlistedMember_whenStartFromBound_thenNothingIsEnlistedEither() {
        when(directory.hasEnlistedMember(ID)).thenReturn(false);
        fixture.given(CREATED)
                .when(new ChangeSendPortGroupLifecycle(ID, Lifecycle.START, null))
                .expectNoEvents().expectException(refusal(ErrorCode.NO_ENLISTED_MEMBER));
    }

    @Test
    void givenNoEnlistedMember_whenEnlist_thenEnlisted() {
        when(directory.hasEnlistedMember(ID)).thenReturn(false);
        fixture.given(CREATED)
                .when(new ChangeSendPortGroupLifecycle(ID, Lifecycle.ENLIST, null))
                .expectEvents(new SendPortGroupEnlisted(NAME));
    }

    @Test
    void givenAStaticOneWayPort_whenAdd_thenAdded() {
        when(directory.lockPortForMembership("B")).thenReturn(Optional.of(
                new Member("port-b", "B", ArtifactStatus.Started, true)));
        fixture.given(CREATED)
                .when(new AddSendPortToGroup(ID, null, "B"))
                .expectEvents(new SendPortAddedToGroup(NAME, "B"))
                .expectResultMessagePayload(new ChangedArtifact(NAME, ArtifactStatus.Bound, 2));
    }

    @Test
    void givenAMember_whenAddAgain_thenNothingChanges() {
        fixture.given(CREATED)
                .when(new AddSendPortToGroup(ID, null, "A"))
                .expectNoEvents()
                .expectResultMessagePayload(new ChangedArtifact(NAME, ArtifactStatus.Bound, 1));
    }

    @Test
    void givenATwoWayPort_whenAdd_thenNotGroupable() {
        when(directory.lockPortForMembership("T")).thenReturn(Optional.of(
                new Member("port-t", "T", ArtifactStatus.Bound, false)));
        fixture.given(CREATED)
                .when(new AddSendPortToGroup(ID, null, "T"))
                .expectNoEvents().expectException(refusal(ErrorCode.NOT_GROUPABLE));
    }

    @Test
    void givenAnUnknownPort_whenAdd_thenNotFound() {
        when(directory.lockPortForMembership("X")).thenReturn(Optional.empty());
        fixture.given(CREATED)
                .when(new AddSendPortToGroup(ID, null, "X"))
                .expectNoEvents().expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void givenAStoppedMember_whenRemove_thenRemoved() {
        fixture.given(CREATED)
                .when(new RemoveSendPortFromGroup(ID, null, "A"))
                .expectEvents(new SendPortRemovedFromGroup(NAME, "A"));
    }

    @Test
    void givenABoundMember_whenRemove_thenRemoved() {
        when(directory.lockPortForMembership("A")).thenReturn(Optional.of(
                new Member("port-a", "A", ArtifactStatus.Bound, true)));
        fixture.given(CREATED)
                .when(new RemoveSendPortFromGroup(ID, null, "A"))
                .expectEvents(new SendPortRemovedFromGroup(NAME, "A"));
    }

    @Test
    void givenAStartedMember_whenRemove_thenMemberNotStopped() {
        when(directory.lockPortForMembership("A")).thenReturn(Optional.of(
                new Member("port-a", "A", ArtifactStatus.Started, true)));
        fixture.given(CREATED)
                .when(new RemoveSendPortFromGroup(ID, null, "A"))
                .expectNoEvents().expectException(refusal(ErrorCode.MEMBER_NOT_STOPPED));
    }

    @Test
    void givenANonMember_whenRemove_thenNotFound() {
        fixture.given(CREATED)
                .when(new RemoveSendPortFromGroup(ID, null, "B"))
                .expectNoEvents().expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void givenABoundGroup_whenDelete_thenDeleted() {
        fixture.given(CREATED)
                .when(new DeleteSendPortGroup(ID, null))
                .expectEvents(new SendPortGroupDeleted(NAME))
                .expectMarkedDeleted();
    }

    @Test
    void givenAnEnlistedGroup_whenDelete_thenNotBound() {
        fixture.given(CREATED, new SendPortGroupEnlisted(NAME))
                .when(new DeleteSendPortGroup(ID, null))
                .expectNoEvents().expectException(refusal(ErrorCode.NOT_BOUND));
    }

    @Test
    void givenNewConfigurationAndMembers_whenConfigure_thenEachChangeIsAnEvent() {
        when(directory.lockPortForMembership("B")).thenReturn(Optional.of(
                new Member("port-b", "B", ArtifactStatus.Bound, true)));
        var changed = new SendPortGroupConfiguration("new", "Billing", Filter.EMPTY);
        fixture.given(CREATED)
                .when(new ConfigureSendPortGroup(ID, 1L, changed, List.of("B")))
                .expectEvents(new SendPortGroupConfigured(NAME, changed), new SendPortRemovedFromGroup(NAME, "A"),
                        new SendPortAddedToGroup(NAME, "B"))
                .expectResultMessagePayload(new ChangedArtifact(NAME, ArtifactStatus.Bound, 4));
    }

    @Test
    void givenTheSameConfiguration_whenConfigure_thenNothingIsRecorded() {
        fixture.given(CREATED)
                .when(new ConfigureSendPortGroup(ID, null, CONFIG, List.of("A")))
                .expectNoEvents();
    }

    @Test
    void givenAStaleVersion_whenConfigure_thenVersionConflict() {
        fixture.given(CREATED, new SendPortGroupEnlisted(NAME))
                .when(new ConfigureSendPortGroup(ID, 1L, CONFIG, null))
                .expectNoEvents().expectException(refusal(ErrorCode.VERSION_CONFLICT));
    }

    static Object command(String action) {
        return switch (action) {
            case "enlist" -> new ChangeSendPortGroupLifecycle(ID, Lifecycle.ENLIST, null);
            case "start" -> new ChangeSendPortGroupLifecycle(ID, Lifecycle.START, null);
            case "stop" -> new ChangeSendPortGroupLifecycle(ID, Lifecycle.STOP, null);
            case "unenlist" -> new ChangeSendPortGroupLifecycle(ID, Lifecycle.UNENLIST, null);
            default -> throw new IllegalArgumentException(action);
        };
    }

    static Matcher<Throwable> refusal(ErrorCode code) {
        return Matchers.predicate(e -> e instanceof CommandRefused refused && refused.errorCode() == code);
    }
}
