package io.portway.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static io.portway.events.ArtifactStatus.Bound;
import static io.portway.events.ArtifactStatus.Started;
import static io.portway.events.ArtifactStatus.Stopped;
import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {

    /** Every cell of the table: action, from, the statuses passed through ("-" = refused). */
    @ParameterizedTest
    @CsvSource({
            "ENLIST,   Bound,   Stopped",
            "ENLIST,   Stopped, -",
            "ENLIST,   Started, -",
            "START,    Bound,   Stopped Started",
            "START,    Stopped, Started",
            "START,    Started, -",
            "STOP,     Bound,   -",
            "STOP,     Stopped, -",
            "STOP,     Started, Stopped",
            "UNENLIST, Bound,   -",
            "UNENLIST, Stopped, Bound",
            "UNENLIST, Started, Stopped Bound"})
    void every_cell_of_the_table(Lifecycle action, ArtifactStatus from, String path) {
        List<ArtifactStatus> expected = path.equals("-") ? List.of()
                : Arrays.stream(path.split(" ")).map(ArtifactStatus::valueOf).toList();

        assertThat(action.path(from)).containsExactlyElementsOf(expected);
        assertThat(action.allowedFrom(from)).isEqualTo(!expected.isEmpty());
        if (!expected.isEmpty()) {
            assertThat(expected.get(expected.size() - 1)).isEqualTo(action.target());
        }
    }

    @ParameterizedTest
    @EnumSource(ArtifactStatus.class)
    void towards_names_the_action_whose_path_ends_at_the_target(ArtifactStatus from) {
        for (ArtifactStatus to : ArtifactStatus.values()) {
            Lifecycle action = Lifecycle.towards(from, to);
            if (from == to) {
                assertThat(action).isNull();
            } else {
                assertThat(action.path(from)).last().isEqualTo(to);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ArtifactStatus.class)
    void the_rules_that_span_artifacts(ArtifactStatus status) {
        assertThat(Lifecycle.enlisted(status)).isEqualTo(status != Bound);
        assertThat(Lifecycle.deletable(status)).isEqualTo(status == Bound);
        assertThat(Lifecycle.removableMember(status)).isEqualTo(status != Started);
        assertThat(Lifecycle.hasEnlistedMember(List.of(Bound, status))).isEqualTo(status != Bound);
        assertThat(Lifecycle.hasEnlistedMember(List.of())).isFalse();
        assertThat(Lifecycle.enlisted(Stopped)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "SendPortCreated, Bound", "SendPortGroupCreated, Bound",
            "SendPortEnlisted, Stopped", "SendPortGroupEnlisted, Stopped",
            "SendPortStarted, Started", "SendPortGroupStarted, Started",
            "SendPortStopped, Stopped", "SendPortGroupStopped, Stopped",
            "SendPortUnenlisted, Bound", "SendPortGroupUnenlisted, Bound",
            "SendPortConfigured, -", "SendPortGroupConfigured, -", "SendPortAddedToGroup, -",
            "SendPortRemovedFromGroup, -", "SendPortDeleted, -", "SendPortGroupDeleted, -"})
    void the_status_each_event_leaves(String type, String status) throws Exception {
        Class<? extends PortwayEvent> eventType = PortwayEvent.types().get(type);
        var constructor = eventType.getDeclaredConstructors()[0];
        Object[] arguments = Arrays.stream(constructor.getParameterTypes())
                .map(parameter -> parameter == boolean.class ? (Object) false : parameter == String.class ? "x" : null)
                .toArray();
        PortwayEvent event = (PortwayEvent) constructor.newInstance(arguments);

        assertThat(Lifecycle.statusAfter(event).map(Enum::name).orElse("-")).isEqualTo(status);
    }

    @org.junit.jupiter.api.Test
    void every_event_type_is_in_the_status_table_above() {
        assertThat(PortwayEvent.types()).hasSize(16);
    }
}
