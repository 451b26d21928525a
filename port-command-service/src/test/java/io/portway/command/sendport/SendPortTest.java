package io.portway.command.sendport;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.sendport.SendPortCommands.ChangeSendPortLifecycle;
import io.portway.command.sendport.SendPortCommands.ConfigureSendPort;
import io.portway.command.sendport.SendPortCommands.CreateSendPort;
import io.portway.command.sendport.SendPortCommands.DeleteSendPort;
import io.portway.events.Lifecycle;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.SendPortUnenlisted;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.messaging.TransportSecrets;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class SendPortTest {

    static final String ID = "port-1";
    static final String NAME = "Orders.File";
    static final SendPortConfiguration CONFIG = new SendPortConfiguration("", "Default",
            new Transport(TransportType.FILE, "file:///out/%MessageID%.xml", null, 3, Duration.ofMinutes(5), null),
            null, SendPipeline.PassThruTransmit, Filter.EMPTY, 5, false, false, false, Tracking.NONE);
    static final SendPortCreated CREATED = new SendPortCreated(NAME, false, false, CONFIG);

    static final TransportSecrets SECRETS = TransportSecrets.fromBase64(TransportSecrets.generateKey());

    FixtureConfiguration<SendPort> fixture;
    ArtifactDirectory directory;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SendPort.class);
        directory = mock(ArtifactDirectory.class);
        when(directory.claim(anyString(), anyString(), any(), anyString(), anyBoolean(), anyBoolean(), any()))
                .thenReturn(true);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(SECRETS);
    }

    @Test
    void givenAFreeName_whenCreate_thenCreatedAndTheNameIsClaimed() {
        fixture.givenNoPriorActivity()
                .when(new CreateSendPort(ID, NAME, false, false, CONFIG))
                .expectSuccessfulHandlerExecution()
                .expectEvents(CREATED);
        verify(directory).claim(ID, NAME, ArtifactKind.SendPort, "Default", false, false, CONFIG);
    }

    @Test
    void givenATakenName_whenCreate_thenNameTakenAndNoEvent() {
        when(directory.claim(anyString(), anyString(), any(), anyString(), anyBoolean(), anyBoolean(), any()))
                .thenReturn(false);
        fixture.givenNoPriorActivity()
                .when(new CreateSendPort(ID, NAME, false, false, CONFIG))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NAME_TAKEN));
    }

    static Stream<Arguments> lifecycle() {
        var enlisted = new SendPortEnlisted(NAME);
        var started = new SendPortStarted(NAME);
        var stopped = new SendPortStopped(NAME);
        var unenlisted = new SendPortUnenlisted(NAME);
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
        var result = fixture.given(given).when(command(action, null));
        if (after == null) {
            result.expectNoEvents().expectException(refusal(ErrorCode.INVALID_TRANSITION));
        } else {
            long version = given.size() + expected.size();
            result.expectEvents(expected.toArray())
                    .expectResultMessagePayload(new ChangedArtifact(NAME, after, version));
        }
    }

    @Test
    void refusedTransitionNamesTheArtifactItsStateAndTheRule() {
        fixture.given(CREATED).when(command("stop", null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("send port 'Orders.File'"),
                        org.hamcrest.Matchers.containsString("Bound"),
                        org.hamcrest.Matchers.containsString("only a Started")));
    }

    @Test
    void givenTheLastEnlistedMemberOfAnEnlistedGroup_whenUnenlist_thenRefusedWithoutEvent() {
        when(directory.groupsWhereOnlyEnlistedMember(ID)).thenReturn(List.of("G1"));
        fixture.given(CREATED, new SendPortEnlisted(NAME))
                .when(new ChangeSendPortLifecycle(ID, Lifecycle.UNENLIST, null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.LAST_ENLISTED_MEMBER));
    }

    @Test
    void givenAStaleVersion_whenAnyCommand_thenVersionConflictWithoutEvent() {
        fixture.given(CREATED, new SendPortEnlisted(NAME))
                .when(new ChangeSendPortLifecycle(ID, Lifecycle.START, 1L))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VERSION_CONFLICT));
    }

    @Test
    void givenTheCurrentVersion_whenStart_thenStarted() {
        fixture.given(CREATED, new SendPortEnlisted(NAME))
                .when(new ChangeSendPortLifecycle(ID, Lifecycle.START, 2L))
                .expectEvents(new SendPortStarted(NAME));
    }

    @Test
    void givenANewConfiguration_whenConfigure_thenConfigured() {
        var changed = new SendPortConfiguration("new", "Billing", CONFIG.primaryTransport(), null,
                SendPipeline.XmlTransmit, Filter.EMPTY, 1, true, true, false, new Tracking(true, false));
        fixture.given(CREATED)
                .when(new ConfigureSendPort(ID, 1L, false, false, changed))
                .expectEvents(new SendPortConfigured(NAME, changed))
                .expectResultMessagePayload(new ChangedArtifact(NAME, ArtifactStatus.Bound, 2));
    }

    @Test
    void givenTheSameConfiguration_whenConfigure_thenNothingIsRecorded() {
        fixture.given(CREATED)
                .when(new ConfigureSendPort(ID, null, false, false, CONFIG))
                .expectNoEvents()
                .expectResultMessagePayload(new ChangedArtifact(NAME, ArtifactStatus.Bound, 1));
    }

    @Test
    void givenAStaticPort_whenConfigureAsDynamic_thenImmutableProperty() {
        fixture.given(CREATED)
                .when(new ConfigureSendPort(ID, null, true, false, CONFIG))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.IMMUTABLE_PROPERTY));
    }

    @Test
    void givenAOneWayPort_whenConfigureAsTwoWay_thenImmutableProperty() {
        fixture.given(CREATED)
                .when(new ConfigureSendPort(ID, null, false, true, CONFIG))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.IMMUTABLE_PROPERTY));
    }

    @Test
    void givenABoundPortInNoGroup_whenDelete_thenDeletedAndTheNameIsReleased() {
        when(directory.groupNamesOf(ID)).thenReturn(List.of());
        fixture.given(CREATED)
                .when(new DeleteSendPort(ID, null))
                .expectEvents(new SendPortDeleted(NAME))
                .expectMarkedDeleted();
    }

    @Test
    void givenAnEnlistedPort_whenDelete_thenNotBound() {
        fixture.given(CREATED, new SendPortEnlisted(NAME))
                .when(new DeleteSendPort(ID, null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_BOUND));
    }

    @Test
    void givenAPortInAGroup_whenDelete_thenPortInGroup() {
        when(directory.groupNamesOf(ID)).thenReturn(List.of("G1"));
        fixture.given(CREATED)
                .when(new DeleteSendPort(ID, null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.PORT_IN_GROUP));
    }

    @Test
    void givenADeletedPort_whenStart_thenRefused() {
        fixture.given(CREATED, new SendPortDeleted(NAME))
                .when(new ChangeSendPortLifecycle(ID, Lifecycle.START, null))
                .expectNoEvents()
                .expectException(Exception.class);
        assertThat(fixture).isNotNull();
    }

    static Object command(String action, Long expectedVersion) {
        return switch (action) {
            case "enlist" -> new ChangeSendPortLifecycle(ID, Lifecycle.ENLIST, expectedVersion);
            case "start" -> new ChangeSendPortLifecycle(ID, Lifecycle.START, expectedVersion);
            case "stop" -> new ChangeSendPortLifecycle(ID, Lifecycle.STOP, expectedVersion);
            case "unenlist" -> new ChangeSendPortLifecycle(ID, Lifecycle.UNENLIST, expectedVersion);
            default -> throw new IllegalArgumentException(action);
        };
    }

    static org.hamcrest.Matcher<Throwable> refusal(ErrorCode code) {
        return Matchers.predicate(e -> e instanceof CommandRefused refused && refused.errorCode() == code);
    }
}
