package io.portway.query.projection;

import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortGroupStopped;
import io.portway.events.SendPortGroupUnenlisted;
import io.portway.events.SendPortRemovedFromGroup;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.SendPortUnenlisted;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectorTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    final Projector projector = new Projector();
    final Projector.Session session = projector.session("query", true);

    static SendPortConfiguration configuration(String description, TransportType type) {
        Transport primary = new Transport(type, "file:///tmp/out/%MessageID%.xml", Map.of("k", "v"), 3,
                Duration.ofMinutes(5), null);
        Filter filter = new Filter(List.of(List.of(
                new FilterStatement("BTS.ReceivePortName", FilterOperator.EQUALS, "RP1"))));
        return new SendPortConfiguration(description, "Orders", primary, null, SendPipeline.XmlTransmit, filter, 3,
                false, false, true, new Tracking(true, false));
    }

    static EventEnvelope event(String artifactId, long sequence, PortwayEvent event) {
        return new EventEnvelope(artifactId + "-" + sequence, artifactId, sequence, sequence * 10,
                T0.plusSeconds(sequence), "admin", "corr-" + sequence, event);
    }

    Projector.BatchResult apply(boolean stopAtGap, EventEnvelope... events) {
        return session.fold(List.of(events), stopAtGap, new StringBuilder());
    }

    SendPortState port(String id) {
        return (SendPortState) session.state(id);
    }

    SendPortGroupState group(String id) {
        return (SendPortGroupState) session.state(id);
    }

    @Test
    void every_send_port_event_changes_the_port_as_the_lifecycle_says() {
        apply(true, event("p", 1, new SendPortCreated("SP1", false, true, configuration("first", TransportType.FILE))));
        assertThat(port("p")).extracting(SendPortState::name, SendPortState::status, SendPortState::version,
                        SendPortState::description, SendPortState::twoWay, SendPortState::application,
                        SendPortState::transportType)
                .containsExactly("SP1", ArtifactStatus.Bound, 1L, "first", true, "Orders", "FILE");
        assertThat(port("p").createdAt()).isEqualTo(T0.plusSeconds(1));

        apply(true, event("p", 2, new SendPortConfigured("SP1", configuration("second", TransportType.HTTP))));
        assertThat(port("p")).extracting(SendPortState::description, SendPortState::transportType,
                SendPortState::version, SendPortState::status).containsExactly("second", "HTTP", 2L,
                ArtifactStatus.Bound);
        assertThat(port("p").updatedAt()).isEqualTo(T0.plusSeconds(2));

        apply(true, event("p", 3, new SendPortEnlisted("SP1")));
        assertThat(port("p").status()).isEqualTo(ArtifactStatus.Stopped);
        apply(true, event("p", 4, new SendPortStarted("SP1")));
        assertThat(port("p").status()).isEqualTo(ArtifactStatus.Started);
        apply(true, event("p", 5, new SendPortStopped("SP1")));
        assertThat(port("p").status()).isEqualTo(ArtifactStatus.Stopped);
        apply(true, event("p", 6, new SendPortUnenlisted("SP1")));
        assertThat(port("p")).extracting(SendPortState::status, SendPortState::version)
                .containsExactly(ArtifactStatus.Bound, 6L);
        assertThat(port("p").description()).isEqualTo("second");

        Projector.BatchResult deleted = apply(true, event("p", 7, new SendPortDeleted("SP1")));
        assertThat(deleted.applied()).hasSize(1);
        assertThat(session.state("p")).isNull();
    }

    @Test
    void secrets_sealed_or_in_clear_from_old_events_are_redacted_in_state_and_history() {
        Transport http = new Transport(TransportType.HTTP, "https://example.com/in",
                Map.of("username", "alice", "password", "enc:v1:c2VhbGVk", "signingSecret", "whsec_clear"), 3,
                Duration.ofMinutes(5), null);
        SendPortConfiguration withSecrets = new SendPortConfiguration("", "Orders", http, http,
                SendPipeline.PassThruTransmit, Filter.EMPTY, 5, false, false, false, Tracking.NONE);
        StringBuilder history = new StringBuilder();
        session.fold(List.of(event("s", 1, new SendPortCreated("S", false, false, withSecrets)),
                event("s", 2, new SendPortConfigured("S", withSecrets))), true, history);

        assertThat(port("s").configuration().primaryTransport().properties()).containsOnly(Map.entry("username", "alice"),
                Map.entry("password", "******"), Map.entry("signingSecret", "******"));
        assertThat(port("s").configuration().backupTransport().properties()).containsEntry("password", "******");
        assertThat(history.toString()).contains("alice", "******")
                .doesNotContain("whsec_clear").doesNotContain("enc:v1:");
    }

    @Test
    void every_group_event_changes_the_group_and_keeps_its_members_in_order() {
        SendPortGroupConfiguration first = new SendPortGroupConfiguration("g", "Orders", Filter.EMPTY);
        apply(true, event("g", 1, new SendPortGroupCreated("G1", first, List.of("A", "B"))));
        assertThat(group("g")).extracting(SendPortGroupState::sendPorts, SendPortGroupState::status,
                SendPortGroupState::version).containsExactly(List.of("A", "B"), ArtifactStatus.Bound, 1L);

        apply(true, event("g", 2, new SendPortGroupConfigured("G1",
                new SendPortGroupConfiguration("changed", "Billing", Filter.EMPTY))));
        assertThat(group("g")).extracting(SendPortGroupState::description, SendPortGroupState::application,
                SendPortGroupState::sendPorts).containsExactly("changed", "Billing", List.of("A", "B"));

        apply(true, event("g", 3, new SendPortAddedToGroup("G1", "C")));
        assertThat(group("g").sendPorts()).containsExactly("A", "B", "C");
        apply(true, event("g", 4, new SendPortRemovedFromGroup("G1", "A")));
        assertThat(group("g").sendPorts()).containsExactly("B", "C");
        apply(true, event("g", 5, new SendPortGroupEnlisted("G1")));
        assertThat(group("g").status()).isEqualTo(ArtifactStatus.Stopped);
        apply(true, event("g", 6, new SendPortGroupStarted("G1")));
        assertThat(group("g").status()).isEqualTo(ArtifactStatus.Started);
        apply(true, event("g", 7, new SendPortGroupStopped("G1")));
        assertThat(group("g").status()).isEqualTo(ArtifactStatus.Stopped);
        apply(true, event("g", 8, new SendPortGroupUnenlisted("G1")));
        assertThat(group("g")).extracting(SendPortGroupState::status, SendPortGroupState::version)
                .containsExactly(ArtifactStatus.Bound, 8L);
        apply(true, event("g", 9, new SendPortGroupDeleted("G1")));
        assertThat(session.state("g")).isNull();
    }

    @Test
    void a_duplicate_or_redelivered_event_is_skipped() {
        EventEnvelope created = event("p", 1, new SendPortCreated("SP1", false, false,
                configuration("d", TransportType.FILE)));
        EventEnvelope enlisted = event("p", 2, new SendPortEnlisted("SP1"));
        Projector.BatchResult outcome = apply(true, created, enlisted, created, enlisted);
        assertThat(outcome.applied()).containsExactly(created, enlisted);
        assertThat(outcome.duplicates()).isEqualTo(2);

        Projector.BatchResult again = apply(true, created);
        assertThat(again.applied()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(port("p")).extracting(SendPortState::status, SendPortState::version)
                .containsExactly(ArtifactStatus.Stopped, 2L);
    }

    @Test
    void an_event_arriving_before_its_predecessor_stops_the_batch_at_the_gap_and_applies_once_the_gap_fills() {
        EventEnvelope created = event("p", 1, new SendPortCreated("SP1", false, false,
                configuration("d", TransportType.FILE)));
        EventEnvelope enlisted = event("p", 2, new SendPortEnlisted("SP1"));
        EventEnvelope started = event("p", 3, new SendPortStarted("SP1"));
        EventEnvelope other = event("q", 1, new SendPortCreated("SP2", false, false,
                configuration("d", TransportType.FILE)));

        Projector.BatchResult outOfOrder = apply(true, other, created, started, enlisted);
        assertThat(outOfOrder.gapIndex()).isEqualTo(2);
        assertThat(outOfOrder.gap()).isEqualTo(started);
        assertThat(outOfOrder.applied()).containsExactly(other, created);
        assertThat(port("p").status()).isEqualTo(ArtifactStatus.Bound);

        Projector.BatchResult retried = apply(true, enlisted, started);
        assertThat(retried.gapIndex()).isEqualTo(-1);
        assertThat(retried.applied()).containsExactly(enlisted, started);
        assertThat(port("p")).extracting(SendPortState::status, SendPortState::version)
                .containsExactly(ArtifactStatus.Started, 3L);
    }

    @Test
    void a_gap_is_never_applied_when_skipping_and_later_events_of_the_artifact_wait_too() {
        EventEnvelope created = event("p", 1, new SendPortCreated("SP1", false, false,
                configuration("d", TransportType.FILE)));
        Projector.BatchResult outcome = apply(false, created, event("p", 3, new SendPortStarted("SP1")),
                event("q", 1, new SendPortCreated("SP2", false, false, configuration("d", TransportType.FILE))));
        assertThat(outcome.gapIndex()).isEqualTo(-1);
        assertThat(outcome.rejected()).isEqualTo(1);
        assertThat(outcome.applied()).hasSize(2);
        assertThat(port("p")).extracting(SendPortState::status, SendPortState::version)
                .containsExactly(ArtifactStatus.Bound, 1L);
        assertThat(port("q").name()).isEqualTo("SP2");
    }

    @Test
    void a_name_deleted_and_created_again_is_a_new_incarnation_with_its_own_sequence() {
        apply(true, event("a", 1, new SendPortCreated("SP1", false, false, configuration("old", TransportType.FILE))),
                event("a", 2, new SendPortDeleted("SP1")),
                event("b", 1, new SendPortCreated("SP1", false, false, configuration("new", TransportType.KAFKA))));
        assertThat(session.state("a")).isNull();
        assertThat(port("b")).extracting(SendPortState::description, SendPortState::version)
                .containsExactly("new", 1L);
    }

    @Test
    void each_applied_event_leaves_a_history_row_with_the_event_and_the_state_after_it() {
        StringBuilder history = new StringBuilder();
        session.fold(List.of(
                event("p", 1, new SendPortCreated("SP1", false, false, configuration("tab\there", TransportType.FILE))),
                event("p", 2, new SendPortDeleted("SP1"))), true, history);
        String[] rows = history.toString().split("\n");
        assertThat(rows).hasSize(2);
        String[] created = rows[0].split("\t", -1);
        assertThat(created).hasSize(12);
        assertThat(created[4]).isEqualTo("SendPortCreated");
        assertThat(created[10]).contains("\"description\":\"tab\\\\there\"");
        assertThat(created[11]).contains("\"status\":\"Bound\"").contains("\"version\":1");
        String[] deleted = rows[1].split("\t", -1);
        assertThat(deleted[11]).isEqualTo("\\N");
    }

    @Test
    void states_survive_their_json_form() {
        apply(true, event("p", 1, new SendPortCreated("SP1", true, false, configuration("d", TransportType.FILE))),
                event("g", 1, new SendPortGroupCreated("G1",
                        new SendPortGroupConfiguration("g", "Orders", Filter.EMPTY), List.of("SP1"))));
        assertThat(projector.read(projector.write(port("p")), SendPortState.class)).isEqualTo(port("p"));
        assertThat(projector.read(projector.write(group("g")), SendPortGroupState.class)).isEqualTo(group("g"));
    }
}
