package io.portway.console.lifecycle;

import io.portway.events.ArtifactStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleActionsTest {

    private static Map<String, Action> byName(List<Action> actions) {
        return actions.stream().collect(Collectors.toMap(Action::name, Function.identity()));
    }

    @Test
    void a_bound_port_can_be_enlisted_started_and_deleted_but_not_stopped_or_unenlisted() {
        Map<String, Action> actions = byName(LifecycleActions.forPort(ArtifactStatus.Bound, List.of()));

        assertThat(actions.get("enlist").allowed()).isTrue();
        assertThat(actions.get("start").allowed()).isTrue();
        assertThat(actions.get("delete").allowed()).isTrue();
        assertThat(actions.get("stop").allowed()).isFalse();
        assertThat(actions.get("stop").reason()).contains("Only a Started send port can be stopped").contains("Bound");
        assertThat(actions.get("unenlist").allowed()).isFalse();
    }

    @Test
    void a_stopped_port_can_be_started_and_unenlisted_only() {
        Map<String, Action> actions = byName(LifecycleActions.forPort(ArtifactStatus.Stopped, List.of()));

        assertThat(actions).extractingFromEntries(entry -> entry.getKey() + "=" + entry.getValue().allowed())
                .containsExactlyInAnyOrder("enlist=false", "start=true", "stop=false", "unenlist=true", "delete=false");
    }

    @Test
    void a_started_port_can_be_stopped_and_unenlisted_and_says_why_it_cannot_be_deleted() {
        Map<String, Action> actions = byName(LifecycleActions.forPort(ArtifactStatus.Started, List.of()));

        assertThat(actions.get("stop").allowed()).isTrue();
        assertThat(actions.get("unenlist").allowed()).isTrue();
        assertThat(actions.get("start").allowed()).isFalse();
        assertThat(actions.get("delete").allowed()).isFalse();
        assertThat(actions.get("delete").reason()).contains("Only a Bound send port can be deleted").contains("Started");
    }

    @Test
    void a_bound_port_in_a_group_cannot_be_deleted() {
        Action delete = byName(LifecycleActions.forPort(ArtifactStatus.Bound, List.of("G1", "G2"))).get("delete");

        assertThat(delete.allowed()).isFalse();
        assertThat(delete.reason()).contains("G1, G2");
    }

    @Test
    void a_group_without_an_enlisted_member_cannot_start() {
        Action start = byName(LifecycleActions.forGroup(ArtifactStatus.Bound,
                List.of(ArtifactStatus.Bound, ArtifactStatus.Bound))).get("start");

        assertThat(start.allowed()).isFalse();
        assertThat(start.reason()).contains("at least one member is enlisted");
        assertThat(byName(LifecycleActions.forGroup(ArtifactStatus.Bound, List.of(ArtifactStatus.Stopped))).get("start")
                .allowed()).isTrue();
    }

    @Test
    void only_a_bound_group_can_be_deleted_and_a_started_member_cannot_be_removed() {
        assertThat(byName(LifecycleActions.forGroup(ArtifactStatus.Stopped, List.of())).get("delete").allowed()).isFalse();
        assertThat(byName(LifecycleActions.forGroup(ArtifactStatus.Bound, List.of())).get("delete").allowed()).isTrue();
        assertThat(LifecycleActions.removeMember(ArtifactStatus.Started).allowed()).isFalse();
        assertThat(LifecycleActions.removeMember(ArtifactStatus.Stopped).allowed()).isTrue();
    }

    /** The pages offer exactly what the command service's table allows, for every status: they cannot drift. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ArtifactStatus.class)
    void the_pages_follow_the_shared_lifecycle_table(ArtifactStatus status) {
        Map<String, Action> port = byName(LifecycleActions.forPort(status, List.of()));
        Map<String, Action> group = byName(LifecycleActions.forGroup(status, List.of(ArtifactStatus.Stopped)));
        for (io.portway.events.Lifecycle action : io.portway.events.Lifecycle.values()) {
            assertThat(port.get(action.verb()).allowed()).as(action + " port from " + status)
                    .isEqualTo(action.allowedFrom(status));
            assertThat(group.get(action.verb()).allowed()).as(action + " group from " + status)
                    .isEqualTo(action.allowedFrom(status));
        }
        assertThat(port.get("delete").allowed()).isEqualTo(io.portway.events.Lifecycle.deletable(status));
        assertThat(group.get("delete").allowed()).isEqualTo(io.portway.events.Lifecycle.deletable(status));
        assertThat(LifecycleActions.removeMember(status).allowed())
                .isEqualTo(io.portway.events.Lifecycle.removableMember(status));
    }
}
